using System.Globalization;
using System.Text.Json;

namespace TokenMonitor.Pricing;

/// <summary>
/// Converts LiteLLM's model_prices_and_context_window.json (USD per token; keys documented by its sample_spec
/// entry) into TokenMonitor's catalog form (USD per million tokens). Only chat and completion models with an
/// input and an output price are kept; every price keeps its exact decimal digits.
/// </summary>
public static class LiteLlmPrices
{
    public const string DefaultUri = "https://raw.githubusercontent.com/BerriAI/litellm/main/model_prices_and_context_window.json";

    private const decimal PerMillion = 1_000_000m;
    private static readonly HashSet<string> Modes = new(StringComparer.Ordinal) { "chat", "completion", "responses" };

    /// <summary>Writes the catalog JSON for <paramref name="litellm"/> and returns how many models it holds.</summary>
    public static int Convert(Stream litellm, Stream catalog, string source, DateOnly readOn)
    {
        using var document = JsonDocument.Parse(litellm);
        if (document.RootElement.ValueKind != JsonValueKind.Object) return 0;
        using var writer = new Utf8JsonWriter(catalog, new JsonWriterOptions { Indented = true });
        writer.WriteStartObject();
        writer.WriteString("catalog", "LiteLLM model prices, converted by Update-ModelPricing");
        writer.WriteString("read", readOn.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        writer.WriteStartArray("models");
        var count = 0;
        foreach (var model in document.RootElement.EnumerateObject())
        {
            var m = model.Value;
            if (model.Name == "sample_spec" || m.ValueKind != JsonValueKind.Object) continue;
            if (m.TryGetProperty("mode", out var mode) && (mode.ValueKind != JsonValueKind.String || !Modes.Contains(mode.GetString()!))) continue;
            if (PerToken(m, "input_cost_per_token") is not { } input || PerToken(m, "output_cost_per_token") is not { } output) continue;

            writer.WriteStartObject();
            writer.WriteString("id", model.Name);
            writer.WriteString("provider", Provider(m.TryGetProperty("litellm_provider", out var p) && p.ValueKind == JsonValueKind.String ? p.GetString() : null));
            writer.WriteNumber("input", input);
            writer.WriteNumber("output", output);
            Optional(writer, "cacheRead", PerToken(m, "cache_read_input_token_cost"));
            Optional(writer, "cacheWrite5m", PerToken(m, "cache_creation_input_token_cost"));
            Optional(writer, "cacheWrite1h", PerToken(m, "cache_creation_input_token_cost_above_1hr"));
            if (PerToken(m, "input_cost_per_token_above_200k_tokens") is { } longInput)
            {
                writer.WriteStartObject("longContext");
                writer.WriteNumber("threshold", 200_000);
                writer.WriteNumber("input", longInput);
                writer.WriteNumber("output", PerToken(m, "output_cost_per_token_above_200k_tokens") ?? output);
                Optional(writer, "cacheRead", PerToken(m, "cache_read_input_token_cost_above_200k_tokens"));
                Optional(writer, "cacheWrite5m", PerToken(m, "cache_creation_input_token_cost_above_200k_tokens"));
                writer.WriteEndObject();
            }

            // Priority processing (service_tier "priority"), listed for OpenAI models as the standard keys with "_priority"
            // appended. Both prices are needed: a priority input without a priority output is not a price of the tier.
            if (PerToken(m, "input_cost_per_token_priority") is { } priorityInput && PerToken(m, "output_cost_per_token_priority") is { } priorityOutput)
            {
                writer.WriteStartObject("priority");
                writer.WriteNumber("input", priorityInput);
                writer.WriteNumber("output", priorityOutput);
                Optional(writer, "cacheRead", PerToken(m, "cache_read_input_token_cost_priority"));
                Optional(writer, "cacheWrite5m", PerToken(m, "cache_creation_input_token_cost_priority"));
                writer.WriteEndObject();
            }

            if (PerToken(m, "input_cost_per_token_batches") is { } batch && input > 0 && batch <= input)
            {
                writer.WriteNumber("batchDiscount", 1m - batch / input);
            }

            writer.WriteString("source", source);
            writer.WriteEndObject();
            count++;
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
        return count;
    }

    /// <summary>A per-token price as dollars per million tokens, exactly: 3e-06 becomes 3.</summary>
    private static decimal? PerToken(JsonElement m, string name)
    {
        // A price no decimal can hold per million tokens (1e23 per token) is no price: the field is left out.
        if (!m.TryGetProperty(name, out var value) || value.ValueKind != JsonValueKind.Number || !value.TryGetDecimal(out var perToken) || perToken < 0) return null;
        try
        {
            return decimal.Parse((perToken * PerMillion).ToString("G29", CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
        }
        catch (OverflowException)
        {
            return null;
        }
    }

    private static void Optional(Utf8JsonWriter writer, string name, decimal? value)
    {
        if (value is { } v) writer.WriteNumber(name, v);
    }

    private static string Provider(string? litellm) => litellm switch
    {
        "openai" or "text-completion-openai" => "OpenAI",
        "anthropic" => "Anthropic",
        "gemini" or "vertex_ai-language-models" or "vertex_ai" => "Google",
        "xai" => "xAI",
        "mistral" or "codestral" => "Mistral",
        "deepseek" => "DeepSeek",
        "azure" or "azure_ai" => "Azure",
        "openrouter" => "OpenRouter",
        { } other when other.StartsWith("bedrock", StringComparison.Ordinal) => "AWS Bedrock",
        { } other when other.StartsWith("vertex_ai", StringComparison.Ordinal) => "Google",
        { } other => other,
        null => "",
    };
}

/// <summary>What Update-ModelPricing did: where the refreshed catalog is, from where, when, and how many models it holds.</summary>
public sealed record PricingUpdate(string Path, string Source, DateOnly ReadOn, int Models);

/// <summary>Fetches the LiteLLM list (or reads a copy of it) and saves it, converted, where PricingSources finds it.</summary>
public static class PricingRefresh
{
    private const long MaxBytes = 64L * 1024 * 1024;

    public static async Task<PricingUpdate> FromUriAsync(Uri uri, string target, DateOnly today, CancellationToken cancel)
    {
        if (!uri.IsAbsoluteUri || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
        {
            throw new InvalidDataException($"'{uri}' is not a web address; use -Path for a file.");
        }

        // The timeout covers the whole download, not only the wait for headers; the size cap is counted while reading.
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancel);
        timeout.CancelAfter(TimeSpan.FromSeconds(60));
        using var http = new HttpClient();
        using var response = await http.GetAsync(uri, HttpCompletionOption.ResponseHeadersRead, timeout.Token).ConfigureAwait(false);
        response.EnsureSuccessStatusCode();
        await using var body = await response.Content.ReadAsStreamAsync(timeout.Token).ConfigureAwait(false);
        var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await body.ReadAsync(chunk, timeout.Token).ConfigureAwait(false)) > 0)
        {
            buffer.Write(chunk, 0, read);
            if (buffer.Length > MaxBytes) throw new InvalidDataException($"{uri} sent more than {MaxBytes / (1024 * 1024)} MB: not the price list.");
        }

        buffer.Position = 0;
        return Save(buffer, uri.ToString(), target, today);
    }

    public static PricingUpdate FromFile(string path, string target, DateOnly today)
    {
        using var stream = File.OpenRead(path);
        return Save(stream, path, target, today);
    }

    /// <summary>Converts, checks that the result loads, and only then replaces the old file, so a bad download never leaves a broken catalog.</summary>
    private static PricingUpdate Save(Stream litellm, string source, string target, DateOnly today)
    {
        var converted = new MemoryStream();
        int models;
        try
        {
            models = LiteLlmPrices.Convert(litellm, converted, source, today);
        }
        catch (System.Text.Json.JsonException ex)
        {
            throw new InvalidDataException($"{source} is not the LiteLLM price list (not valid JSON: {ex.Message})", ex);
        }

        if (models == 0) throw new InvalidDataException($"{source} holds no chat model with an input and an output price: is it the LiteLLM price list?");
        converted.Position = 0;
        CatalogFile.Entries(converted, source, "LiteLLM");
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(target)!);
        var temporary = target + ".tmp";
        File.WriteAllBytes(temporary, converted.ToArray());
        File.Move(temporary, target, overwrite: true);
        return new PricingUpdate(target, source, today, models);
    }
}
