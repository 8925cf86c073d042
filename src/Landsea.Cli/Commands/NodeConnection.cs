using System.CommandLine;
using System.Net.Http.Headers;
using System.Text;

namespace Landsea.Cli.Commands;

/// <summary>
/// How a command reaches a running node's API: <c>--node</c>, <c>--user</c> and a password that never travels as a
/// command-line argument (it would show in <c>ps</c> and in shell history): read from <c>--password-file</c>, from the
/// <c>LANDSEA_PASSWORD</c> environment variable, or the development password when neither is given.
/// </summary>
internal sealed class NodeConnection
{
    public const string DevelopmentPassword = "landsea-dev";

    public Option<string> Node { get; } = new("--node")
    {
        Description = "The node's address (or LANDSEA_NODE), for example http://127.0.0.1:5080.",
        DefaultValueFactory = _ => Environment.GetEnvironmentVariable("LANDSEA_NODE") ?? "",
    };

    public Option<string> User { get; }

    public Option<FileInfo?> PasswordFile { get; } = new("--password-file")
    {
        Description = "A file whose first line is the password. Otherwise LANDSEA_PASSWORD, else the development password. Never pass a password as an argument.",
    };

    public NodeConnection(string defaultUser)
    {
        User = new Option<string>("--user") { Description = "Account name (or LANDSEA_USER).", DefaultValueFactory = _ => Environment.GetEnvironmentVariable("LANDSEA_USER") ?? defaultUser };
    }

    public void AddTo(Command command)
    {
        command.Options.Add(Node);
        command.Options.Add(User);
        command.Options.Add(PasswordFile);
    }

    /// <summary>A client for the node, or the reason it cannot be made (written to standard error by the caller, exit 2).</summary>
    public (HttpClient? Client, string? Error) Open(ParseResult r, TimeSpan timeout)
    {
        string node = r.GetValue(Node) ?? "";
        if (node.Length == 0)
        {
            return (null, "error: --node is required (or set LANDSEA_NODE), for example --node http://127.0.0.1:5080.");
        }

        if (!Uri.TryCreate(node, UriKind.Absolute, out Uri? address) || address.Scheme is not ("http" or "https"))
        {
            return (null, $"error: --node '{node}' is not an http(s) address such as http://127.0.0.1:5080.");
        }

        string password;
        if (r.GetValue(PasswordFile) is { } file)
        {
            if (!file.Exists)
            {
                return (null, Directory.Exists(file.FullName)
                    ? $"error: --password-file {file.FullName} is a folder; give the file that holds the password."
                    : $"error: --password-file {file.FullName}: no such file.");
            }

            password = File.ReadLines(file.FullName).FirstOrDefault()?.TrimEnd('\r') ?? "";
        }
        else
        {
            password = Environment.GetEnvironmentVariable("LANDSEA_PASSWORD") ?? DevelopmentPassword;
        }

        var http = new HttpClient { BaseAddress = address, Timeout = timeout };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{r.GetValue(User)}:{password}")));
        return (http, null);
    }

    /// <summary>The sentence for a node that does not answer.</summary>
    public static string NotRunning(Uri? address, HttpRequestException ex) =>
        $"error: no node answers at {address} ({ex.Message}). Start one with `landsea serve`, or check --node.";
}
