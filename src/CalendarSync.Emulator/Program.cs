// The emulator's Google paths arrive with the emulator issue; until then it serves nothing.
var app = WebApplication.CreateBuilder(args).Build();
app.Run();
