using Nutritionist.Messaging.Demo;
using Spectre.Console;

return await DemoApp.RunAsync(args, AnsiConsole.Console);
