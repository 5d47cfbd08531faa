import PythonSemantics
import PythonSyntax

/// A response header set to a value: `response.headers["X"] = v`, Django `response["X"] = v`,
/// `headers.add("X", v)` (`set`, `setdefault`, `add_header`), a response object's own setter
/// (Falcon's `resp.set_header("X", v)`, Bottle's `response.set_header`) or header attribute
/// (`resp.location = v`, `response.content_type = v`), an http.server handler's
/// `self.send_header("X", v)`, a WSGI app's `start_response(status, [("X", v)])`. `anchor` is
/// where to report.
package struct HeaderWrite {
    /// The header name, lower-cased; empty when the name is not a constant (see `nameExpr`).
    package let name: String
    package let value: ExprID
    package let anchor: ExprID
    /// The name's expression when it is computed (`response.headers[name] = "1"`).
    package var nameExpr: ExprID? = nil
    /// False where nothing rejects a line break in the value (`http.server`'s `send_header`, a
    /// WSGI app's `start_response`, Falcon); Werkzeug, Django, Tornado, aiohttp, Starlette and
    /// Bottle raise on CR/LF in a header value.
    package var rejectsLineBreaks = true

    package init(name: String, value: ExprID, anchor: ExprID, nameExpr: ExprID? = nil, rejectsLineBreaks: Bool = true) {
        self.name = name
        self.value = value
        self.anchor = anchor
        self.nameExpr = nameExpr
        self.rejectsLineBreaks = rejectsLineBreaks
    }
}

/// The catalog of response-header sinks: the header writes of one statement or call, for the
/// rules that follow request data into response headers (TL-WEB-HEADER-INJECTION, and
/// TL-WEB-OPEN-REDIRECT for `Location`). Data per framework; the rules only ask.
package enum ResponseHeaders {
    /// Response classes whose instances take `response["Header"] = value` (Django) or have a
    /// `headers` mapping.
    package static let responseClasses: Set<String> = [
        "django.http.HttpResponse", "django.http.response.HttpResponse", "django.http.JsonResponse",
        "django.http.response.JsonResponse", "django.http.StreamingHttpResponse", "django.http.FileResponse",
        "django.http.HttpResponseRedirect", "django.http.HttpResponsePermanentRedirect",
    ]
    /// Header containers built directly.
    package static let headerClasses: Set<String> = [
        "werkzeug.datastructures.Headers", "werkzeug.datastructures.headers.Headers", "werkzeug.Headers",
        "starlette.datastructures.MutableHeaders",
    ]
    package static let setters: Set<String> = ["add", "set", "setdefault", "add_header"]
    package static let clientPrefixes = ["requests.", "httpx.", "aiohttp.", "urllib.", "urllib3.", "http.client.", "tornado.httpclient."]
    /// The server side of a client library's package: its responses' headers are response headers.
    package static let serverPrefixes = ["aiohttp.web"]
    /// Handler methods that set a response header (Tornado's `self.set_header(name, value)`).
    package static let handlerSetters: [RequestOrigin.Framework: Set<String>] = [.tornado: ["set_header", "add_header"]]
    package static let handlerSetterNames: Set<String> = Set(handlerSetters.values.joined())
    package static let clientNames: Set<String> = ["session", "client", "http", "http_client", "req", "outgoing"]
    /// Header setters of the response objects themselves (`FrameworkResponses`).
    package static let responseSetters: [RequestOrigin.Framework: Set<String>] = [
        .falcon: ["set_header", "append_header"], .bottle: ["set_header", "add_header"],
    ]
    /// Response attributes that set a header, by framework: attribute → header name.
    package static let headerAttributes: [RequestOrigin.Framework: [String: String]] = [
        .falcon: ["location": "location", "content_type": "content-type", "content_location": "content-location"],
        .bottle: ["content_type": "content-type"],
        .pyramid: ["location": "location", "content_type": "content-type"],
    ]

    /// The header writes of an assignment statement (`response.headers["X"] = v`,
    /// `resp.location = v`).
    package static func writes(statement stmt: StmtID, _ context: FlowContext) -> [HeaderWrite] {
        let tree = context.tree
        guard case .assign(let targets, let value, _) = tree[stmt].kind else { return [] }
        return targets.compactMap { target in
            if case .attribute(let owner, let attr, _) = tree[target].kind {
                guard let framework = FrameworkResponses.responseObject(owner, context), let header = headerAttributes[framework]?[attr] else { return nil }
                return HeaderWrite(name: header, value: value, anchor: target)
            }
            guard case .subscript(let base, let slice, _) = tree[target].kind,
                  isHeaderMapping(base, context) || isDjangoResponse(base, context) else { return nil }
            guard let name = context.string(slice) else { return HeaderWrite(name: "", value: value, anchor: target, nameExpr: slice) }
            return HeaderWrite(name: name.lowercased(), value: value, anchor: target)
        }
    }

    /// The header writes of a call (`headers.add("X", v)`, `self.send_header("X", v)`,
    /// `start_response(status, [("X", v)])`, `make_response(body, {"X": v})`).
    package static func writes(call: CallInfo, _ context: FlowContext) -> [HeaderWrite] {
        let tree = context.tree
        if let written = startResponseHeaders(call, context) { return written }
        if let written = headerDictionary(call, context) { return written }
        guard case .attribute(let receiver, let method, _) = tree[call.function].kind, call.args.count >= 2 else { return [] }
        let isSetter = setters.contains(method) && isHeaderMapping(receiver, context)
        // A handler object's own setters (Tornado's `self.set_header`), and
        // `BaseHTTPRequestHandler.send_header(keyword, value)` on the handler itself.
        let isHandlerSetter = Taint.handlerObject(receiver, context).flatMap { handlerSetters[$0]?.contains(method) } == true
        let isHandlerHeader = method == "send_header" && Taint.requestObject(receiver, context) == .httpServer
        // A response object's own setters (Falcon's `resp.set_header`, Bottle's `response.set_header`).
        let isResponseSetter = FrameworkResponses.responseObject(receiver, context).flatMap({ responseSetters[$0] })?.contains(method) == true
        guard isSetter || isHandlerSetter || isHandlerHeader || isResponseSetter else { return [] }
        let checked = !isHandlerHeader && FrameworkResponses.responseObject(receiver, context) != .falcon
        guard let name = context.string(call.args[0]) else {
            return [HeaderWrite(name: "", value: call.args[1], anchor: call.id, nameExpr: call.args[0], rejectsLineBreaks: checked)]
        }
        return [HeaderWrite(name: name.lowercased(), value: call.args[1], anchor: call.id, rejectsLineBreaks: checked)]
    }

    /// The `(name, value)` pairs of a WSGI application's `start_response(status, headers)`
    /// (PEP 3333), the list written out or built in the function; nil for any other call.
    package static func startResponseHeaders(_ call: CallInfo, _ context: FlowContext) -> [HeaderWrite]? {
        let tree = context.tree
        guard tree.nameIdentifier(call.function) == "start_response", let list = call.argument(1, "response_headers"),
              let scope = context.model.scope(of: call.id),
              case .statement(let function) = context.model[context.model.enclosingDefinitionScope(scope)].node,
              Taint.isWSGIApplication(function, tree) else { return nil }
        var pairs: [ExprID]
        switch tree[list].kind {
        case .list(let elts, _), .tuple(let elts, _): pairs = elts
        default: pairs = context.flow.containerContents[list] ?? []
        }
        return pairs.compactMap { pair in
            guard case .tuple(let parts, _) = tree[pair].kind, parts.count == 2 else { return nil }
            guard let name = context.string(parts[0]) else {
                return HeaderWrite(name: "", value: parts[1], anchor: call.id, nameExpr: parts[0], rejectsLineBreaks: false)
            }
            return HeaderWrite(name: name.lowercased(), value: parts[1], anchor: call.id, rejectsLineBreaks: false)
        }
    }

    /// Headers given as a dict: `make_response(body, {name: value})`, `make_response(body,
    /// status, headers)`, `resp.headers.extend({...})`/`update({...})`, and `headers={...}` of a
    /// framework response. Nil for any other call.
    package static func headerDictionary(_ call: CallInfo, _ context: FlowContext) -> [HeaderWrite]? {
        let tree = context.tree
        var dictionaries: [ExprID] = []
        if let name = call.name, ["flask.make_response", "flask.helpers.make_response", "quart.make_response", "quart.helpers.make_response"].contains(name) {
            dictionaries = call.args.dropFirst().filter { if case .dict = tree[$0].kind { return true } else { return false } }
        } else if case .attribute(let receiver, let method, _) = tree[call.function].kind, ["extend", "update"].contains(method),
                  isHeaderMapping(receiver, context), let first = call.args.first {
            dictionaries = [first]
        } else if let name = call.name, responseClasses.contains(name) || name.hasSuffix("Response"), let headers = call.keyword("headers") {
            dictionaries = [headers]
        } else {
            return nil
        }
        var out: [HeaderWrite] = []
        for given in dictionaries {
            // `h = {name: "1"}; headers.extend(h)`: the literal the name was bound to.
            var dictionary = given
            if case .name = tree[given].kind, let bound = context.model.assignedValue(of: given) { dictionary = bound }
            // `headers.extend([(name, value), ...])`: the pairs of a list.
            if case .list(let pairs, _) = tree[dictionary].kind {
                for pair in pairs {
                    guard case .tuple(let parts, _) = tree[pair].kind, parts.count == 2 else { continue }
                    if let name = context.string(parts[0]) {
                        out.append(HeaderWrite(name: name.lowercased(), value: parts[1], anchor: call.id))
                    } else {
                        out.append(HeaderWrite(name: "", value: parts[1], anchor: call.id, nameExpr: parts[0]))
                    }
                }
                continue
            }
            guard case .dict(let keys, let values) = tree[dictionary].kind else { continue }
            for (key, value) in zip(keys, values) {
                guard let key else { continue }
                if let name = context.string(key) {
                    out.append(HeaderWrite(name: name.lowercased(), value: value, anchor: call.id))
                } else {
                    out.append(HeaderWrite(name: "", value: value, anchor: call.id, nameExpr: key))
                }
            }
        }
        return out
    }

    /// `<something>.headers` (a response's header mapping) or a `Headers()` object.
    package static func isHeaderMapping(_ expr: ExprID, _ context: FlowContext) -> Bool {
        if case .attribute(let owner, "headers", _) = context.tree[expr].kind {
            // The request's own headers are read, not written; never treat them as a sink.
            guard Taint.requestObject(owner, context) == nil else { return false }
            // Headers of an outgoing request (`session.headers[...]` on a requests/httpx
            // client) are not the response's.
            if let type = context.model.constructorName(of: owner), clientPrefixes.contains(where: { type.hasPrefix($0) }),
               !serverPrefixes.contains(where: { type.hasPrefix($0) }) { return false }
            if case .name(let id, _) = context.tree[owner].kind, clientNames.contains(id) { return false }
            return true
        }
        guard let type = context.model.constructorName(of: expr) else { return false }
        return headerClasses.contains(type)
    }

    package static func isDjangoResponse(_ expr: ExprID, _ context: FlowContext) -> Bool {
        guard let type = context.model.constructorName(of: expr) else { return false }
        return responseClasses.contains(type)
    }
}
