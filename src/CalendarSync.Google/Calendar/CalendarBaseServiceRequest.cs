using Google.Apis.Discovery;
using Google.Apis.Requests;
using Google.Apis.Services;
using Google.Apis.Util;

namespace CalendarSync.Google.Calendar;

/// <summary>The query parameters every Calendar v3 method accepts.</summary>
public abstract class CalendarBaseServiceRequest<TResponse> : ClientServiceRequest<TResponse>
{
    protected CalendarBaseServiceRequest(IClientService service)
        : base(service)
    {
    }

    /// <summary>Selector of the response's fields (partial response), so large lists carry only what we read.</summary>
    [RequestParameter("fields", RequestParameterType.Query)]
    public virtual string? Fields { get; set; }

    [RequestParameter("prettyPrint", RequestParameterType.Query)]
    public virtual bool? PrettyPrint { get; set; }

    [RequestParameter("quotaUser", RequestParameterType.Query)]
    public virtual string? QuotaUser { get; set; }

    protected override void InitParameters()
    {
        base.InitParameters();
        AddQuery("fields");
        AddQuery("prettyPrint", "true");
        AddQuery("quotaUser");
    }

    protected void AddPath(string name) =>
        RequestParameters.Add(name, new Parameter { Name = name, IsRequired = true, ParameterType = "path" });

    protected void AddQuery(string name, string? defaultValue = null) =>
        RequestParameters.Add(name, new Parameter { Name = name, IsRequired = false, ParameterType = "query", DefaultValue = defaultValue });
}
