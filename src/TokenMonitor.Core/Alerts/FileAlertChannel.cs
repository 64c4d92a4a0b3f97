namespace TokenMonitor.Alerts;

/// <summary>
/// Appends one JSON line per alert (the generic webhook body) to a file, for log shippers and audits. Each line is one
/// write to a file opened for append, so lines from two processes do not interleave.
/// </summary>
public sealed class FileAlertChannel(AlertChannel definition, TimeProvider? clock = null) : IAlertChannel
{
    private readonly string _path = definition.FilePath ?? throw new ArgumentException($"The channel '{definition.Name}' has no file.", nameof(definition));

    public string Name => definition.Name;
    public AlertLevel MinimumLevel => definition.MinimumLevel;
    public string Target => _path;
    public bool IsOnceOnly => true;
    public string StateKey => definition.StateKey;

    public ChannelDelivery Send(AlertMessage message, CancellationToken cancel)
    {
        var body = AlertPayloads.Webhook(message, Name, (clock ?? TimeProvider.System).GetUtcNow());
        var line = new byte[body.Length + 1];
        body.CopyTo(line, 0);
        line[^1] = (byte)'\n';
        try
        {
            if (Path.GetDirectoryName(_path) is { Length: > 0 } folder) Directory.CreateDirectory(folder);
            using var stream = new FileStream(_path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete);
            stream.Write(line);
            return new ChannelDelivery(true, 1, null);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return new ChannelDelivery(false, 1, $"could not write {_path}: {ex.Message}");
        }
    }
}
