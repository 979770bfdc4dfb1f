using CalendarSync.Cli;

return await CalsyncCommand.Create().Parse(args).InvokeAsync();
