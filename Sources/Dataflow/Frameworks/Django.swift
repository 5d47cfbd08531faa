/// Django and Django REST framework: the `request` parameter of a view (function or method),
/// or a parameter annotated `HttpRequest`/DRF's `Request`; and the URL parts the URL
/// configuration passes a view as parameters (`path("tags/<str:tag>/", views.tag)`).
public enum Django {
    /// Path converters whose values cannot carry markup, quotes or `../`: `<int:pk>`,
    /// `<slug:s>` (`[-a-zA-Z0-9_]+`), `<uuid:id>`. Parameters filled by any other converter
    /// (`str`, `path`, a project's own) are request data.
    public static let safeURLConverters: Set<String> = ["int", "slug", "uuid"]
    /// Modules whose classes are class-based views. `View.setup()` stores the request and the
    /// URL parts on the instance before a handler runs, so in a method of a subclass
    /// `self.request` is the request and `self.kwargs`/`self.args` are the URL parts.
    public static let viewModules: [String] = ["django.views.", "django.contrib.auth.views.", "rest_framework.views.",
                                               "rest_framework.viewsets.", "rest_framework.generics."]
    public static let viewRequestAttribute = "request"
    public static let viewURLAttributes: Set<String> = ["kwargs", "args"]
    /// Methods of a class-based view called as `handler(request, *args, **kwargs)`: their
    /// parameters after `request` are the URL parts.
    public static let viewHandlers: Set<String> = ["get", "post", "put", "patch", "delete", "head", "options", "trace", "dispatch", "setup"]
    /// Classes that validate request data and hand it back: a Django form bound to
    /// `request.POST` (its data is the first argument) or a DRF serializer given
    /// `data=request.data` (the second, after `instance`), and the attributes that read it back.
    /// Validation checks types and lengths, not what the text says, so `cleaned_data["url"]` is
    /// still the client's URL.
    public static let formBases: [String: Int] = [
        "django.forms.Form": 0, "django.forms.ModelForm": 0, "django.forms.forms.Form": 0, "django.forms.models.ModelForm": 0,
        "django.forms.BaseForm": 0, "rest_framework.serializers.Serializer": 1, "rest_framework.serializers.ModelSerializer": 1,
        "rest_framework.serializers.HyperlinkedModelSerializer": 1,
    ]
    public static let formDataAttributes: Set<String> = ["cleaned_data", "validated_data", "initial_data", "data"]
    /// Methods of a class-based view (`FormView`, `CreateView`) that Django calls with the
    /// form it bound to the request.
    public static let boundFormHandlers: Set<String> = ["form_valid", "form_invalid"]

    public static let model = FrameworkModel(
        framework: .django, packages: ["django", "rest_framework"],
        requestClasses: ["django.http.HttpRequest", "django.http.request.HttpRequest", "rest_framework.request.Request"],
        requestParameter: "request",
        attributes: [
            RequestField("GET", .query), RequestField("POST", .form), RequestField("COOKIES", .cookie),
            RequestField("META", .header, cgiHeaderKeys: true), RequestField("headers", .header), RequestField("body", .body),
            RequestField("FILES", .file),
            // The path as the client sent it (percent-decoded: quotes and markup pass). As a
            // redirect target it is the request's own page: the view's route matched it, and
            // `get_full_path()` escapes leading slashes (`//evil.example`).
            RequestField("path", .query), RequestField("path_info", .query),
            // DRF: the parsed body (a JSON document) and the query string.
            RequestField("data", .json, structured: true), RequestField("query_params", .query),
            RequestField("content_type", .header, inputName: "Content-Type"), RequestField("content_params", .header, inputName: "Content-Type"),
            // The URL parts the resolver matched (`request.resolver_match.kwargs["slug"]`).
            RequestField("resolver_match", .path),
        ],
        methods: [RequestField("get_full_path", .query, label: "path"), RequestField("get_full_path_info", .query, label: "path"),
                  RequestField("build_absolute_uri", .query, label: "url"),
                  // The body read as a file (`HttpRequest` is file-like).
                  RequestField("read", .body, label: "body"), RequestField("readline", .body, label: "body"),
                  RequestField("readlines", .body, label: "body")])
}
