using System.Globalization;
using Nutritionist.Messaging.Costs;
using Spectre.Console;

namespace Nutritionist.Messaging.Demo;

/// <summary>
/// The first user's monthly cost table, computed by <see cref="MessagingCostComparison"/> from the library's dated price
/// tables, beside the figures their architecture document gives, with where the two differ and why.
/// </summary>
internal static class CostComparisonSection
{
    public const string Title = "11. Twilio only vs hybrid: the first user's month, computed";

    private const int SmsPerMonth = 10_000;
    private const int WhatsAppPerMonth = 5_000;

    // The architecture document's own figures (USD a month), quoted as written there, to compare against.
    private const decimal DocSmsTwilio = 87m;
    private const decimal DocSmsAws = 58m;
    private const decimal DocWhatsApp = 45m;
    private const decimal DocTotalTwilio = 132m;
    private const decimal DocTotalHybrid = 103m;
    private const decimal DocSaved = 0.22m;

    public static void Run(IAnsiConsole console)
    {
        console.Write(new Rule($"[yellow]{Markup.Escape(Title)}[/]").LeftJustified());

        // The document's WhatsApp messages are updates about a meal plan the person asked for: Meta's utility category.
        var month = new MessagingVolume()
            .AddSms("US", SmsPerMonth)
            .AddWhatsApp("US", WhatsAppMessageCategory.Utility, WhatsAppPerMonth);
        var result = new MessagingCostComparison().Compare(month);
        var twilio = result.Scenario(MessagingCostComparison.TwilioOnly);
        var hybrid = result.Scenario(MessagingCostComparison.Hybrid);
        var meta = result.Scenario(MessagingCostComparison.HybridWithMetaDirect);

        console.MarkupLineInterpolated($"[grey]{SmsPerMonth:N0} SMS and {WhatsAppPerMonth:N0} WhatsApp (utility) messages a month in the US; list prices as of {result.PricesAsOf:yyyy-MM-dd} in {result.Currency}, carrier fees excluded.[/]");
        var table = new Table().AddColumns("a month", "document: Twilio only", "document: hybrid", "library: Twilio only", "library: hybrid (AWS SMS + Twilio WhatsApp)", "library: hybrid with Meta direct");
        table.AddRow("SMS", Money(DocSmsTwilio), Money(DocSmsAws), Money(twilio.Sms.Total), Money(hybrid.Sms.Total), Money(meta.Sms.Total));
        table.AddRow("WhatsApp", Money(DocWhatsApp), Money(DocWhatsApp), Money(twilio.WhatsApp.Total), Money(hybrid.WhatsApp.Total), Money(meta.WhatsApp.Total));
        table.AddRow("total", Money(DocTotalTwilio), Money(DocTotalHybrid), Money(twilio.Total), Money(hybrid.Total), Money(meta.Total));
        table.AddRow("saved vs Twilio only", "-", Percent(DocSaved), "-", Percent(hybrid.SavingsFractionVsTwilioOnly), Percent(meta.SavingsFractionVsTwilioOnly));
        console.Write(table);

        foreach (var sentence in Differences(result))
        {
            console.MarkupLineInterpolated($"[grey]{sentence}[/]");
        }
    }

    /// <summary>Where the library's figures and the document's differ, and why, worded from the computed numbers.</summary>
    public static IEnumerable<string> Differences(MessagingCostComparisonResult result)
    {
        var twilioSms = result.Route(MessagingRoute.SmsOnTwilio);
        var awsSms = result.Route(MessagingRoute.SmsOnAws);
        var twilioWhatsApp = result.Route(MessagingRoute.WhatsAppOnTwilio);
        var hybrid = result.Scenario(MessagingCostComparison.Hybrid);
        var meta = result.Scenario(MessagingCostComparison.HybridWithMetaDirect);

        yield return Compare("SMS on Twilio", DocSmsTwilio, twilioSms, SmsPerMonth, "Twilio's US list price per segment, without carrier fees");
        yield return Compare("SMS on AWS", DocSmsAws, awsSms, SmsPerMonth, "AWS's US base price per message part, without carrier fees");
        var line = twilioWhatsApp.Lines[0];
        yield return Compare("WhatsApp on Twilio", DocWhatsApp, twilioWhatsApp, WhatsAppPerMonth, $"Twilio's {Price(line.ProviderPrice)} fee plus Meta's {Price(line.MetaRate)} US utility rate");
        var savedGap = hybrid.SavingsFractionVsTwilioOnly - DocSaved;
        yield return Math.Abs(savedGap) < 0.005m
            ? $"The hybrid saves {Percent(hybrid.SavingsFractionVsTwilioOnly)}, as the document says."
            : $"So the hybrid saves {Percent(hybrid.SavingsFractionVsTwilioOnly)} ({Money(hybrid.SavingsVsTwilioOnly)}), not {Percent(DocSaved)} ({Money(DocTotalTwilio - DocTotalHybrid)}): " +
              $"the saving is the SMS price gap alone, {Money(twilioSms.Total - awsSms.Total)} here against {Money(DocSmsTwilio - DocSmsAws)} in the document.";
        yield return $"The document kept WhatsApp on Twilio because AWS then had no WhatsApp; it never priced Meta direct. Without Twilio's fee WhatsApp costs " +
                     $"{Money(meta.WhatsApp.Total)}, so AWS SMS + Meta direct comes to {Money(meta.Total)}, {Percent(meta.SavingsFractionVsTwilioOnly)} below Twilio only. " +
                     AwsSocialSentence(result.Route(MessagingRoute.WhatsAppOnAws), line.ProviderPrice);
    }

    private static string AwsSocialSentence(MessagingRouteCost aws, decimal twilioFee)
    {
        var fee = aws.Lines[0].ProviderPrice;
        var relation = fee == twilioFee ? "the same as Twilio's" : fee < twilioFee ? $"below Twilio's {Price(twilioFee)}" : $"above Twilio's {Price(twilioFee)}";
        return $"WhatsApp on AWS End User Messaging Social costs {Money(aws.Total)}: its {Price(fee)} fee per message is {relation}.";
    }

    private static string Compare(string what, decimal document, MessagingRouteCost computed, int messages, string basis)
    {
        var perMessage = document / messages;
        var unit = computed.Lines[0].UnitPrice;
        return Math.Abs(computed.Total - document) < 0.5m
            ? $"{what}: {Money(computed.Total)}, the document's {Money(document)} to the dollar ({Price(unit)} a message: {basis})."
            : $"{what}: {Money(computed.Total)} against the document's {Money(document)}, {Money(Math.Abs(computed.Total - document))} {(computed.Total < document ? "less" : "more")}: " +
              $"the document implies {Price(perMessage)} a message, the table holds {Price(unit)} ({basis}); the document's figure probably includes carrier fees or an older price.";
    }

    private static string Money(decimal amount) => "$" + amount.ToString("0.00", CultureInfo.InvariantCulture);

    private static string Price(decimal amount) => "$" + amount.ToString("0.0000#", CultureInfo.InvariantCulture);

    private static string Percent(decimal fraction) => fraction.ToString("0.0 %", CultureInfo.InvariantCulture);
}
