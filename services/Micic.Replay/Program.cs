using Micic.Replay;

var builder = Host.CreateApplicationBuilder(args);
builder.AddReplayServices();
builder.Build().Run();
