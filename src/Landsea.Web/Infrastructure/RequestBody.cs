namespace Landsea.Web.Infrastructure;

/// <summary>Reads a request body within the node's submission limit, for every endpoint that takes a document.</summary>
public static class RequestBody
{
    /// <summary>The body's bytes, or null as soon as it is known to be larger than <paramref name="limit"/> (declared or read).</summary>
    public static async Task<byte[]?> ReadAsync(HttpRequest request, int limit, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.ContentLength > limit)
        {
            return null;
        }

        using var buffer = new MemoryStream();
        byte[] chunk = new byte[81920];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, ct)) > 0)
        {
            if (buffer.Length + read > limit)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }
}
