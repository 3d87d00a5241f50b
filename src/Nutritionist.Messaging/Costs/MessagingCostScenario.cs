namespace Nutritionist.Messaging.Costs;

/// <summary>A named way of routing a whole <see cref="MessagingVolume"/>: one SMS route and one WhatsApp route.</summary>
public sealed class MessagingCostScenario
{
    /// <summary>The scenario's name, for example <see cref="MessagingCostComparison.TwilioOnly"/>.</summary>
    public required string Name { get; init; }

    /// <summary>What the SMS share costs on the scenario's SMS route.</summary>
    public required MessagingRouteCost Sms { get; init; }

    /// <summary>What the WhatsApp share costs on the scenario's WhatsApp route.</summary>
    public required MessagingRouteCost WhatsApp { get; init; }

    /// <summary>SMS plus WhatsApp, not rounded.</summary>
    public decimal Total => Sms.Total + WhatsApp.Total;

    /// <summary>Every line of the scenario: SMS then WhatsApp.</summary>
    public IEnumerable<MessagingCostLine> Lines => Sms.Lines.Concat(WhatsApp.Lines);

    /// <summary>The Twilio-only total minus this total (negative when this scenario costs more).</summary>
    public required decimal SavingsVsTwilioOnly { get; init; }

    /// <summary><see cref="SavingsVsTwilioOnly"/> as a fraction of the Twilio-only total (0.22 = 22 %); 0 when that total is 0.</summary>
    public required decimal SavingsFractionVsTwilioOnly { get; init; }
}
