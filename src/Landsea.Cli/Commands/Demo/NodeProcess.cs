using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Landsea.Cli.Commands.Demo;

/// <summary>
/// One node run as a separate <c>landsea serve</c> process on loopback, with its output appended to a log file. Used by
/// <c>landsea demo</c>, the process-level tests and the exchange benchmark. Disposing always ends the process, and so
/// does the end of this process (the node stops when its standard input, a pipe held here, closes).
/// </summary>
public sealed class NodeProcess : IAsyncDisposable
{
    private readonly string[] _arguments;
    private readonly Dictionary<string, string> _environment;
    private readonly string _logPath;
    private readonly Lock _logLock = new();
    private Process? _process;
    private StreamWriter? _log;
    private volatile bool _started;
    private static int s_nextPort = 20_000 + (Environment.ProcessId * 37 % 10_000);

    /// <param name="database">SQLite file path or PostgreSQL connection string.</param>
    /// <param name="dataDirectory">The node's folder (identity in dataDirectory/node, log in dataDirectory/node.log).</param>
    public NodeProcess(string code, string database, string dataDirectory, int port, IEnumerable<string>? extraArguments = null, IReadOnlyDictionary<string, string>? environment = null)
    {
        Code = code;
        Port = port;
        DataDirectory = dataDirectory;
        Database = database;
        _arguments = ["serve", "--db", database, "--node", code, "--urls", Url, "--dir", dataDirectory, "--exit-when-stdin-closes", .. extraArguments ?? []];
        _environment = new Dictionary<string, string>(environment ?? new Dictionary<string, string>(), StringComparer.Ordinal);
        _logPath = Path.Combine(dataDirectory, "node.log");
    }

    public string Code { get; }

    public int Port { get; }

    public string Url => $"http://127.0.0.1:{Port}";

    public string DataDirectory { get; }

    public string Database { get; }

    public bool IsRunning => _process is { HasExited: false };

    /// <summary>The exit code once the process has ended; null while it runs or before it started.</summary>
    public int? ExitCode => _process is { HasExited: true } p ? p.ExitCode : null;

    /// <summary>The process id while running.</summary>
    public int? ProcessId => _process?.Id;

    /// <summary>
    /// A free loopback TCP port, bound and released. It is taken below the kernel's ephemeral range (32768 and up on
    /// Linux), where the kernel hands out ports for outgoing connections and for servers bound to port 0: a port from
    /// there could be taken by someone else between this call and the node's start. Each process starts at its own
    /// offset and never hands out the same port twice.
    /// </summary>
    public static int FreePort()
    {
        for (int attempt = 0; attempt < 1_000; attempt++)
        {
            int port = 20_000 + ((Interlocked.Increment(ref s_nextPort) - 20_000) % 12_000);
            try
            {
                using var listener = new TcpListener(IPAddress.Loopback, port);
                listener.Start();
                return port;
            }
            catch (SocketException)
            {
            }
        }

        using var any = new TcpListener(IPAddress.Loopback, 0);
        any.Start();
        return ((IPEndPoint)any.LocalEndpoint).Port;
    }

    public void Start()
    {
        Directory.CreateDirectory(DataDirectory);
        string dll = typeof(NodeProcess).Assembly.Location;
        string host = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } h && File.Exists(h) ? h : "dotnet";
        // The node's standard input is a pipe this process holds: when this process ends, however it ends, the node stops too.
        var start = new ProcessStartInfo(host) { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(dll);
        foreach (string a in _arguments)
        {
            start.ArgumentList.Add(a);
        }

        foreach ((string key, string value) in _environment)
        {
            start.Environment[key] = value;
        }

        _process?.Dispose(); // a restart: the process that ended
        _started = false;
        _log ??= new StreamWriter(new FileStream(_logPath, FileMode.Append, FileAccess.Write, FileShare.ReadWrite)) { AutoFlush = true };
        _process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start node {Code}.");
        _process.OutputDataReceived += (_, e) => Write(e.Data);
        _process.ErrorDataReceived += (_, e) => Write(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    /// <summary>Once the node has said it is listening (its own output, so the answer is not another process on a reused port), polls /health until it answers, the process exits, or <paramref name="timeout"/> passes.</summary>
    public async Task WaitHealthyAsync(HttpClient http, TimeSpan timeout, CancellationToken ct)
    {
        DateTime until = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < until)
        {
            ct.ThrowIfCancellationRequested();
            if (_process is null || _process.HasExited)
            {
                throw new InvalidOperationException($"Node {Code} exited during start-up; see {_logPath}.");
            }

            try
            {
                using HttpResponseMessage? r = _started ? await http.GetAsync(new Uri(Url + "/health"), ct) : null;
                if (r is { IsSuccessStatusCode: true })
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }

            await Task.Delay(100, ct);
        }

        throw new TimeoutException($"Node {Code} did not answer /health within {timeout.TotalSeconds:0} s; see {_logPath}.");
    }

    /// <summary>kill -9: the process ends at once, without any chance to finish what it was doing.</summary>
    public void Kill()
    {
        if (_process is { HasExited: false } p)
        {
            p.Kill(entireProcessTree: true);
            p.WaitForExit(10_000);
        }
    }

    /// <summary>Asks the node to stop (SIGTERM, as Ctrl-C would) and waits up to <paramref name="grace"/>, then kills it.</summary>
    public async Task StopAsync(TimeSpan grace)
    {
        if (_process is not { HasExited: false } p)
        {
            return;
        }

        try
        {
            using Process? term = Process.Start(new ProcessStartInfo("kill", ["-TERM", p.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]) { UseShellExecute = false });
            if (term is not null)
            {
                await term.WaitForExitAsync();
            }

            using var wait = new CancellationTokenSource(grace);
            await p.WaitForExitAsync(wait.Token);
        }
        catch (Exception ex) when (ex is OperationCanceledException or System.ComponentModel.Win32Exception)
        {
            Kill();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync(TimeSpan.FromSeconds(10));
        _process?.Dispose();
        _process = null;
        lock (_logLock)
        {
            _log?.Dispose();
            _log = null;
        }
    }

    private void Write(string? line)
    {
        if (line is null)
        {
            return;
        }

        // serve prints this once Kestrel has bound the address; until then an answer on the port is someone else's.
        if (line.StartsWith($"Landsea node {Code} on ", StringComparison.Ordinal))
        {
            _started = true;
        }

        lock (_logLock)
        {
            _log?.WriteLine(line);
        }
    }
}
