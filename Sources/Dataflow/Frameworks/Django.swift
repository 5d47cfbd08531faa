/// Django and Django REST framework: the `request` parameter of a view (function or method),
/// or a parameter annotated `HttpRequest`/DRF's `Request`.
public enum Django {
    public static let model = FrameworkModel(
        framework: .django, packages: ["django", "rest_framework"],
        requestClasses: ["django.http.HttpRequest", "django.http.request.HttpRequest", "rest_framework.request.Request"],
        requestParameter: "request",
        attributes: [
            RequestField("GET", .query), RequestField("POST", .form), RequestField("COOKIES", .cookie),
            RequestField("META", .header, cgiHeaderKeys: true), RequestField("headers", .header), RequestField("body", .body),
            RequestField("FILES", .file),
            // DRF: the parsed body (a JSON document) and the query string.
            RequestField("data", .json, structured: true), RequestField("query_params", .query),
        ])
}
