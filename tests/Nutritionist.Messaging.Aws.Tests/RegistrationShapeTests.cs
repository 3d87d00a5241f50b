using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Nutritionist.Messaging.Aws.Inbound;
using Nutritionist.Messaging.Testing.Shared;

namespace Nutritionist.Messaging.Aws.Tests;

/// <summary>
/// AddAwsSms and AddAwsWhatsApp (unnamed and named), AddAwsSmsInbound and UseAwsOptOutList: the three overloads bind alike,
/// and a second call registers nothing twice.
/// </summary>
public class RegistrationShapeTests
{
    private static IMessagingBuilder Create(IServiceCollection services, IConfiguration? root) =>
        root is null ? services.AddNutritionistMessaging() : services.AddNutritionistMessaging(root);

    private static RegistrationShape<TOptions, TimeSpan> Timeout<TOptions>(
        string name,
        string? providerName,
        string sectionPath,
        Func<TOptions, TimeSpan> get,
        Action<TOptions, TimeSpan> set,
        Action<IMessagingBuilder> none,
        Action<IMessagingBuilder, IConfigurationSection> withSection,
        Action<IMessagingBuilder, Action<TOptions>> withAction)
        where TOptions : class, new() => new()
    {
        Name = name,
        OptionsName = providerName ?? Microsoft.Extensions.Options.Options.DefaultName,
        DefaultSectionPath = sectionPath,
        Key = "RequestTimeout",
        InDefaultSection = ("00:00:07", TimeSpan.FromSeconds(7)),
        InGivenSection = ("00:00:08", TimeSpan.FromSeconds(8)),
        InAction = TimeSpan.FromSeconds(9),
        Get = get,
        Set = set,
        None = none,
        WithSection = withSection,
        WithAction = withAction,
    };

    [Test]
    public void AddAwsSms_binds_alike_through_every_overload_and_registers_once() =>
        Timeout<AwsSmsOptions>(
            "AddAwsSms", null, "Aws", static o => o.RequestTimeout, static (o, v) => o.RequestTimeout = v,
            static b => b.AddAwsSms(), static (b, s) => b.AddAwsSms(s), static (b, a) => b.AddAwsSms(a)).AssertShape(Create);

    [Test]
    public void Named_AddAwsSms_binds_alike_through_every_overload_and_registers_once() =>
        Timeout<AwsSmsOptions>(
            "AddAwsSms(\"aws-eu\")", "aws-eu", "Providers:aws-eu", static o => o.RequestTimeout, static (o, v) => o.RequestTimeout = v,
            static b => b.AddAwsSms("aws-eu"), static (b, s) => b.AddAwsSms("aws-eu", s), static (b, a) => b.AddAwsSms("aws-eu", a)).AssertShape(Create);

    [Test]
    public void AddAwsWhatsApp_binds_alike_through_every_overload_and_registers_once() =>
        Timeout<AwsWhatsAppOptions>(
            "AddAwsWhatsApp", null, "AwsWhatsApp", static o => o.RequestTimeout, static (o, v) => o.RequestTimeout = v,
            static b => b.AddAwsWhatsApp(), static (b, s) => b.AddAwsWhatsApp(s), static (b, a) => b.AddAwsWhatsApp(a)).AssertShape(Create);

    [Test]
    public void Named_AddAwsWhatsApp_binds_alike_through_every_overload_and_registers_once() =>
        Timeout<AwsWhatsAppOptions>(
            "AddAwsWhatsApp(\"aws\")", "aws", "Providers:aws", static o => o.RequestTimeout, static (o, v) => o.RequestTimeout = v,
            static b => b.AddAwsWhatsApp("aws"), static (b, s) => b.AddAwsWhatsApp("aws", s), static (b, a) => b.AddAwsWhatsApp("aws", a)).AssertShape(Create);

    [Test]
    public void AddAwsSmsInbound_binds_alike_through_every_overload_and_registers_once() =>
        new RegistrationShape<SqsInboundOptions, int>
        {
            Name = "AddAwsSmsInbound",
            DefaultSectionPath = SqsInboundOptions.SectionName,
            Key = nameof(SqsInboundOptions.MaxConcurrency),
            InDefaultSection = ("3", 3),
            InGivenSection = ("4", 4),
            InAction = 5,
            Get = static o => o.MaxConcurrency,
            Set = static (o, v) => o.MaxConcurrency = v,
            None = static b => b.AddAwsSmsInbound(),
            WithSection = static (b, s) => b.AddAwsSmsInbound(s),
            WithAction = static (b, a) => b.AddAwsSmsInbound(a),
        }.AssertShape(Create);

    [Test]
    public void UseAwsOptOutList_binds_alike_through_every_overload_and_registers_once() =>
        new RegistrationShape<AwsOptOutListOptions, string>
        {
            Name = "UseAwsOptOutList",
            DefaultSectionPath = AwsOptOutListOptions.SectionName,
            Key = nameof(AwsOptOutListOptions.ListName),
            InDefaultSection = ("Transactional", "Transactional"),
            InGivenSection = ("Marketing", "Marketing"),
            InAction = "Reminders",
            Get = static o => o.ListName,
            Set = static (o, v) => o.ListName = v,
            None = static b => b.UseAwsOptOutList(),
            WithSection = static (b, s) => b.UseAwsOptOutList(s),
            WithAction = static (b, a) => b.UseAwsOptOutList(a),
        }.AssertShape(Create);
}
