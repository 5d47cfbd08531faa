import PythonSemantics
import PythonSyntax

/// Response objects that handlers write to instead of returning a value: Falcon's responder
/// `resp` parameter (`resp.text = ...`, `resp.set_header(...)`), Bottle's module-level
/// `bottle.response`, Pyramid's `request.response` and WebOb `Response(...)` instances. The
/// sinks that write to them (body, headers, `Location`) are the rules'; this finds the object
/// and the content type the handler declares for it.
package enum FrameworkResponses {
    /// Module-level response objects.
    package static let globals: [String: Framework] = ["bottle.response": .bottle]
    /// Response classes, for annotated parameters and instances built in the function.
    package static let classes: [String: Framework] = [
        "falcon.Response": .falcon, "falcon.response.Response": .falcon, "falcon.asgi.Response": .falcon,
        "falcon.asgi.response.Response": .falcon,
        "bottle.BaseResponse": .bottle, "bottle.LocalResponse": .bottle, "bottle.Response": .bottle, "bottle.HTTPResponse": .bottle,
        "pyramid.response.Response": .pyramid, "webob.Response": .pyramid, "webob.response.Response": .pyramid,
    ]
    /// The request attribute that holds the response the view fills (`request.response`).
    package static let requestAttributes: [Framework: String] = [.pyramid: "response"]
    /// Falcon's media-type constants: `falcon.MEDIA_HTML` is `text/html; charset=utf-8`.
    package static let mediaConstantPrefixes = ["falcon.MEDIA_", "falcon.constants.MEDIA_"]

    /// The framework whose response object `expr` is, or nil.
    package static func responseObject(_ expr: ExprID, _ context: FlowContext, depth: Int = 0) -> Framework? {
        let tree = context.tree
        if case .attribute(let base, let attr, _) = tree[expr].kind {
            if let framework = Taint.requestObject(base, context), requestAttributes[framework] == attr { return framework }
            return nil
        }
        if let name = context.qualifiedName(expr), let framework = globals[name] { return framework }
        if let made = context.model.constructorName(of: expr), let framework = classes[made] { return framework }
        guard case .name = tree[expr].kind, depth < 4 else { return nil }
        let defs = context.model.reachingBindings(of: expr)
        guard defs.count == 1 else { return nil }
        // `response = request.response`
        if case .assignment(let value?) = context.model[defs[0]].kind { return responseObject(value, context, depth: depth + 1) }
        guard let (arg, index, function) = Taint.parameter(defs[0], context) else { return nil }
        if let annotation = arg.annotation, let type = context.qualifiedName(annotation), let framework = classes[type] { return framework }
        if let (framework, convention) = Taint.responder(function, context), convention.responsePosition == index { return framework }
        return nil
    }

    /// What a declared content type makes the body.
    package enum DeclaredType: Equatable {
        case html, other
        /// Set from a value that is not a constant.
        case unknown
    }

    /// The content type the function around `expr` declares for a response of `framework`
    /// (`resp.content_type = falcon.MEDIA_HTML`, `response.content_type = "text/plain"`,
    /// `resp.set_header("Content-Type", ...)`, `response.headers["Content-Type"] = ...`,
    /// `Response(..., content_type=...)`); HTML when any declaration is; nil when none is.
    package static func declaredType(around expr: ExprID, _ framework: Framework, _ context: FlowContext) -> DeclaredType? {
        guard let scope = context.model.scope(of: expr),
              case .statement(let function) = context.model[context.model.enclosingDefinitionScope(scope)].node,
              let def = Taint.functionDef(function, context.tree) else { return nil }
        var found: [DeclaredType] = []
        var stack = def.body
        while let stmt = stack.popLast() {
            switch context.tree[stmt].kind {
            case .functionDef, .asyncFunctionDef, .classDef: continue
            case .assign(let targets, let value, _):
                for target in targets where isContentTypeTarget(target, framework, context) { found.append(classify(value, context)) }
                if let type = constructorType(value, framework, context) { found.append(type) }
            case .expr(let value):
                if let call = context.call(value), case .attribute(let receiver, let method, _) = context.tree[call.function].kind,
                   ["set_header", "append_header", "add_header"].contains(method), call.args.count == 2,
                   context.string(call.args[0])?.lowercased() == "content-type", responseObject(receiver, context) == framework {
                    found.append(classify(call.args[1], context))
                }
            case .return(let value?):
                if let type = constructorType(value, framework, context) { found.append(type) }
            default:
                break
            }
            for block in context.tree.childBodies(of: stmt) { stack.append(contentsOf: block) }
        }
        if found.contains(.html) { return .html }
        if found.contains(.unknown) { return .unknown }
        return found.isEmpty ? nil : .other
    }

    /// `resp.content_type` or `response.headers["Content-Type"]` of a response of `framework`.
    package static func isContentTypeTarget(_ target: ExprID, _ framework: Framework, _ context: FlowContext) -> Bool {
        switch context.tree[target].kind {
        case .attribute(let owner, "content_type", _):
            return responseObject(owner, context) == framework
        case .subscript(let base, let key, _):
            guard context.string(key)?.lowercased() == "content-type", case .attribute(let owner, "headers", _) = context.tree[base].kind else { return false }
            return responseObject(owner, context) == framework
        default:
            return false
        }
    }

    /// `Response(..., content_type="text/plain")` building a response of `framework`.
    package static func constructorType(_ value: ExprID, _ framework: Framework, _ context: FlowContext) -> DeclaredType? {
        guard let call = context.call(value), let name = call.name, classes[name] == framework, let type = call.keyword("content_type") else { return nil }
        return classify(type, context)
    }

    package static func classify(_ value: ExprID, _ context: FlowContext) -> DeclaredType {
        if let text = context.string(value) { return text.lowercased().contains("html") ? .html : .other }
        if let name = context.qualifiedName(value), let prefix = mediaConstantPrefixes.first(where: { name.hasPrefix($0) }) {
            return name.dropFirst(prefix.count) == "HTML" ? .html : .other
        }
        return .unknown
    }
}
