using System.Buffers;
using System.Globalization;
using System.Text.Json;
using MetricsServer.Rules.Evaluation;

namespace MetricsServer.Rules.Notifier;

/// <summary>
/// The body of Alertmanager API v2's <c>POST /api/v2/alerts</c>: a JSON array of
/// <c>{labels, annotations, startsAt, endsAt, generatorURL}</c>, times in RFC 3339 with milliseconds.
/// </summary>
internal static class AlertPayload
{
    public static byte[] Encode(IReadOnlyList<NotifierAlert> alerts)
    {
        var buffer = new ArrayBufferWriter<byte>(256 * alerts.Count + 2);
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartArray();
            foreach (var alert in alerts)
            {
                json.WriteStartObject();
                json.WriteStartObject("labels");
                foreach (var label in alert.Labels) json.WriteString(label.Name, label.Value);
                json.WriteEndObject();
                json.WriteStartObject("annotations");
                foreach (var (name, value) in alert.Annotations.OrderBy(a => a.Key, StringComparer.Ordinal)) json.WriteString(name, value);
                json.WriteEndObject();
                if (alert.StartsAt != default) json.WriteString("startsAt", Rfc3339(alert.StartsAt));
                if (alert.EndsAt != default) json.WriteString("endsAt", Rfc3339(alert.EndsAt));
                if (!string.IsNullOrEmpty(alert.GeneratorUrl)) json.WriteString("generatorURL", alert.GeneratorUrl);
                json.WriteEndObject();
            }
            json.WriteEndArray();
        }
        return buffer.WrittenSpan.ToArray();
    }

    private static string Rfc3339(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
}
