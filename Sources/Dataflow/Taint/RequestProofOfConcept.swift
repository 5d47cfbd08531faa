import PythonSemantics
import PythonSyntax

/// Proofs of concept for findings whose value comes from the request: the HTTP request that
/// puts an attacker's payload where the code reads it (`request.args.get("next")` becomes
/// `GET /login?next=...`), sent to the route the handler's decorator declares.
extension RequestOrigin {
    /// The request input this origin reads: its kind (query, form, JSON, cookie, header, path,
    /// body, file) and, when the code names it with a constant, the field's name.
    package func input(_ context: FlowContext) -> RequestInput {
        if let remote { return remote.input }
        let key = fieldName(context)
        if field == "parameter" {
            // A FastAPI parameter with a marker: where the marker says. FastAPI reads a header
            // parameter `user_agent` from the `user-agent` header.
            if let kind = parameterInput {
                switch kind {
                case .header: return RequestInput(.header, parameterAlias ?? key?.replacingOccurrences(of: "_", with: "-"))
                case .json: return RequestInput(.json, modelField(context))
                default: return RequestInput(kind, parameterAlias ?? key)
                }
            }
            // A FastAPI handler parameter: a path part when the route names it, a JSON body
            // when it is a document, else a query parameter.
            if let key, let route = context.route(containing: expr), route.parameters.contains(key) { return RequestInput(.path, key) }
            return RequestInput(isStructured ? .json : .query, isStructured ? nil : parameterAlias ?? key)
        }
        guard let model = FrameworkCatalog.field(framework, field) else { return RequestInput(.query, nil) }
        // A request mapping read by key (WSGI's environ): the key names a CGI variable, not a field.
        let isKey = FrameworkCatalog.model(framework).key(field) != nil && FrameworkCatalog.model(framework).attributes[field] == nil
        if model.cgiHeaderKeys {
            // `META["HTTP_X_FORWARDED_HOST"]` / `environ["HTTP_X_FORWARDED_HOST"]` is the
            // `X-Forwarded-Host` header.
            guard let cgi = isKey ? field : key, cgi.hasPrefix("HTTP_") else { return RequestInput(model.input, key) }
            if cgi == "HTTP_COOKIE" { return RequestInput(.cookie, nil) }
            let words = cgi.dropFirst(5).split(separator: "_").map { $0.prefix(1) + $0.dropFirst().lowercased() }
            return RequestInput(.header, words.joined(separator: "-"))
        }
        switch model.input {
        case .body: return RequestInput(.body, nil)
        default: return RequestInput(model.input, isKey ? nil : key ?? model.inputName)
        }
    }

    /// The field of a body model the finding's path reads (`note.title`: `title`), from the
    /// step just before the parameter.
    package func modelField(_ context: FlowContext) -> String? {
        guard let step = trail.dropLast().last, case .attribute(let base, let name, _) = context.tree[step].kind, base == expr else { return nil }
        return name
    }

    /// The field's name: the constant key of `X["next"]` / `X.get("next")`, or the parameter's
    /// own name for a route parameter; for a whole mapping read into a local first (`form =
    /// await request.form()` then `form["size"]`), the key the path reads it by.
    package func fieldName(_ context: FlowContext) -> String? {
        if let name = directFieldName(context) { return name }
        let tree = context.tree
        let steps = Set(trail)
        // From the source outwards: the first keyed read of a value on the path.
        for step in trail.reversed() where step != expr {
            switch tree[step].kind {
            case .subscript(let base, let slice, _) where steps.contains(base) || context.model.assignedValue(of: base).map(steps.contains) == true:
                if let key = context.string(slice) { return key }
            case .call(let function, let args, _):
                guard case .attribute(let base, let method, _) = tree[function].kind, ["get", "getlist", "pop", "getone"].contains(method),
                      steps.contains(base) || context.model.assignedValue(of: base).map(steps.contains) == true,
                      let key = args.first.flatMap({ context.string($0) }) else { continue }
                return key
            default:
                continue
            }
        }
        return nil
    }

    package func directFieldName(_ context: FlowContext) -> String? {
        let tree = context.tree
        switch tree[expr].kind {
        case .name(let id, _):
            return id
        case .subscript(_, let slice, _):
            return context.string(slice)
        case .call:
            // `args.get("next")`, or a method that reads a value by name (`self.get_argument("next")`,
            // `req.get_param("q")`, Bottle's `request.query.getunicode("q")`).
            let model = FrameworkCatalog.model(framework)
            guard let call = context.call(expr), case .attribute(_, let method, _) = tree[call.function].kind,
                  ["get", "getlist", "pop", "getone"].contains(method) || model.mappingReaders.contains(method)
                    || (model.methods[method] ?? FrameworkCatalog.field(framework, method))?.namedByFirstArgument == true,
                  let key = call.argument(0) else { return nil }
            return context.string(key)
        case .attribute(let base, let attr, _):
            // `request.query.name` (Bottle): a key read as an attribute.
            guard FrameworkCatalog.model(framework).attributeMappings.contains(field), case .attribute(_, field, _) = tree[base].kind else { return nil }
            return attr
        default:
            return nil
        }
    }

    /// A request whose whole JSON body is `body`, to this origin's route.
    package func proofOfConcept(jsonBody body: String, _ context: FlowContext) -> String {
        let route = remote?.route ?? context.route(containing: expr)
        let request = ProofOfConcept.request(route: route ?? Route(methods: ["POST"], path: "/"), input: RequestInput(.json, nil), payload: body)
        guard route == nil else { return request }
        let view = (remote?.caller ?? context.model.enclosingName(of: expr)).map { "`\($0)`" } ?? "this view"
        return "# send to the URL routed to \(view) (path shown as /)\n" + request
    }

    /// The request that delivers `payload` to this origin, as raw HTTP. `jsonValue` puts the
    /// payload into a JSON body as a value (`{"password": {"$ne": null}}`), not as a string.
    package func proofOfConcept(payload: String, _ context: FlowContext, jsonValue: Bool = false) -> String {
        let input = input(context)
        // Data passed in from a view: the request goes to that view's route. Data a helper read
        // itself and returned (`self.current_name()`): the route of the handler that called it.
        let route = remote?.route ?? context.route(containing: expr)
        let methods: [String] = [.form, .json, .body, .file].contains(input.kind) ? ["POST"] : ["GET"]
        var request = ProofOfConcept.request(route: route ?? Route(methods: methods, path: "/"), input: input, payload: payload)
        if jsonValue, input.kind == .json {
            let name = input.name.map { "{\"\($0)\": \(payload)}" } ?? payload
            request = ProofOfConcept.request(route: route ?? Route(methods: methods, path: "/"), input: RequestInput(.json, nil), payload: name)
        }
        guard route == nil else { return request }
        // No decorator names the URL (a Django view, or a route registered elsewhere): the
        // request goes to whatever URL the project's URL configuration maps to this view.
        let view = (remote?.caller ?? context.model.enclosingName(of: expr)).map { "`\($0)`" } ?? "this view"
        return "# send to the URL routed to \(view) (path shown as /)\n" + request
    }
}
