using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Landsea.Cli.Commands.Demo;

/// <summary>
/// What a demo run must hold alone before it starts its nodes: its folder (a lock file DIR/demo.lock with the run's pid),
/// its four ports, and its nodes' databases. Another holder (a second demo, a node left running by a demo that was
/// killed before nodes exited with their parent, a node started by hand) is named with its pid where Linux's /proc tells it.
/// </summary>
public sealed class DemoClaims : IDisposable
{
    private readonly string _lockPath;

    private DemoClaims(string lockPath) => _lockPath = lockPath;

    /// <summary>The lock file of a demo folder.</summary>
    public static string LockPath(string directory) => Path.Combine(Path.GetFullPath(directory), "demo.lock");

    /// <summary>
    /// Takes the folder's lock and checks the ports and databases; null and the refusal (one sentence per thing held,
    /// starting "error:") when another process holds any of them. A lock left by a run that died (its pid is gone or is
    /// no longer a demo) is taken over.
    /// </summary>
    public static DemoClaims? TryTake(string directory, IReadOnlyList<int> ports, IReadOnlyList<string> databases, out string refusal)
    {
        Directory.CreateDirectory(directory);
        string path = LockPath(directory);
        var problems = new List<string>();
        DemoClaims? claims = null;
        for (int attempt = 0; attempt < 2 && claims is null; attempt++)
        {
            try
            {
                using (var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.Read))
                using (var writer = new StreamWriter(file))
                {
                    writer.Write(Environment.ProcessId.ToString(CultureInfo.InvariantCulture));
                }

                claims = new DemoClaims(path);
            }
            catch (IOException) when (File.Exists(path))
            {
                int? holder = int.TryParse(ReadQuietly(path), NumberStyles.None, CultureInfo.InvariantCulture, out int pid) ? pid : null;
                if (holder is { } alive && alive != Environment.ProcessId && IsDemo(alive))
                {
                    problems.Add($"error: folder {Path.GetFullPath(directory)} is in use by another demo (pid {alive}; lock file {path}).");
                    break;
                }

                File.Delete(path); // left by a run that died: take it over
            }
        }

        foreach (int port in ports)
        {
            if (!PortIsFree(port))
            {
                int? pid = ListenerOf(port);
                problems.Add($"error: port {port} is in use by {(pid is { } p ? Describe(p) : "another process")}; stop it or choose another --base-port.");
            }
        }

        foreach (string database in databases)
        {
            foreach (int pid in HoldersOf(database).Where(p => p != Environment.ProcessId))
            {
                problems.Add($"error: folder {Path.GetDirectoryName(Path.GetFullPath(database))} is in use by {Describe(pid)}, which has its database open.");
            }
        }

        if (problems.Count > 0)
        {
            claims?.Dispose();
            refusal = string.Join(Environment.NewLine, problems);
            return null;
        }

        refusal = "";
        return claims;
    }

    /// <summary>Removes the lock file (when this run still owns it).</summary>
    public void Dispose()
    {
        if (ReadQuietly(_lockPath) == Environment.ProcessId.ToString(CultureInfo.InvariantCulture))
        {
            File.Delete(_lockPath);
        }
    }

    private static string? ReadQuietly(string path)
    {
        try
        {
            return File.ReadAllText(path).Trim();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static bool PortIsFree(int port)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    /// <summary>"pid N (landsea serve --node CNCQI ...)": the pid and the start of its command line, the path of landsea.dll left out.</summary>
    public static string Describe(int pid)
    {
        string[] words = CommandLine(pid).Split(' ', StringSplitOptions.RemoveEmptyEntries);
        int dll = Array.FindIndex(words, w => w.EndsWith("landsea.dll", StringComparison.Ordinal) || w.EndsWith("/landsea", StringComparison.Ordinal));
        string line = string.Join(' ', dll >= 0 ? words[(dll + 1)..].Prepend("landsea") : words);
        return line.Length == 0 ? $"pid {pid}" : $"pid {pid} ({(line.Length > 90 ? line[..90] + " ..." : line)})";
    }

    /// <summary>True when <paramref name="pid"/> is a running <c>landsea demo</c> (its command line names the demo command).</summary>
    private static bool IsDemo(int pid) => CommandLine(pid) is { } line && line.Contains(" demo", StringComparison.Ordinal);

    /// <summary>The process's command line, arguments separated by spaces; "" when it cannot be read.</summary>
    public static string CommandLine(int pid)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid}/cmdline").Replace('\0', ' ').Trim();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return "";
        }
    }

    /// <summary>The pid of the process listening on TCP <paramref name="port"/>, from /proc/net/tcp{,6} and /proc/*/fd; null when not found (another user's process, or not Linux).</summary>
    public static int? ListenerOf(int port)
    {
        var inodes = new HashSet<string>(StringComparer.Ordinal);
        foreach (string table in new[] { "/proc/net/tcp", "/proc/net/tcp6" })
        {
            string[] lines;
            try
            {
                lines = File.ReadAllLines(table);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                continue;
            }

            // sl local_address rem_address st ... inode: local is HEXIP:HEXPORT, state 0A is LISTEN.
            foreach (string line in lines.Skip(1))
            {
                string[] f = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                if (f.Length > 9 && f[3] == "0A" && f[1].Split(':') is [_, var hex]
                    && int.TryParse(hex, NumberStyles.HexNumber, CultureInfo.InvariantCulture, out int p) && p == port)
                {
                    inodes.Add($"socket:[{f[9]}]");
                }
            }
        }

        return inodes.Count == 0 ? null : ProcessesWithOpen(target => inodes.Contains(target)).Cast<int?>().FirstOrDefault();
    }

    /// <summary>The pids of processes that have <paramref name="file"/> open (or its -wal or -shm beside it).</summary>
    public static IEnumerable<int> HoldersOf(string file)
    {
        if (!File.Exists(file))
        {
            return [];
        }

        string full = Path.GetFullPath(file);
        return ProcessesWithOpen(target => target == full || target == full + "-wal" || target == full + "-shm").Distinct().ToList();
    }

    private static IEnumerable<int> ProcessesWithOpen(Func<string, bool> matches)
    {
        IEnumerable<string> processes;
        try
        {
            processes = Directory.EnumerateDirectories("/proc").ToList();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            yield break;
        }

        foreach (string dir in processes)
        {
            if (!int.TryParse(Path.GetFileName(dir), NumberStyles.None, CultureInfo.InvariantCulture, out int pid))
            {
                continue;
            }

            string[] fds;
            try
            {
                fds = Directory.GetFiles(Path.Combine(dir, "fd"));
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                continue;
            }

            foreach (string fd in fds)
            {
                string? target;
                try
                {
                    target = new FileInfo(fd).LinkTarget;
                }
                catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
                {
                    continue;
                }

                if (target is not null && matches(target))
                {
                    yield return pid;
                    break;
                }
            }
        }
    }
}
