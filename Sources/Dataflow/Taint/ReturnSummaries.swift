import PythonSemantics
import PythonSyntax

/// What a call of a project function returns, learned from the function's own body: the
/// parameters whose data reaches a `return` (`def clean(x): return x.strip()`), and request
/// data the function reads itself and returns (`def search_term(): return request.args["q"]`).
/// With these, `bar = clean(param); open(bar)` is followed through the helper, and a helper
/// that returns a constant, an escaped value (`return escape(x)`) or a value it validated
/// first (`if is_safe_url(url): return url`) stops the flow.
package struct ReturnSummary: Sendable, Hashable {
    /// Parameter names, in the function's order, whose data may be returned.
    package var parameters: [String] = []
    /// For parameters returned only through sanitizers (`return html.escape(x)`): the sink
    /// kinds the returned value is safe for. A parameter not listed is returned raw.
    package var cleared: [String: Set<SinkKind>] = [:]
    /// Request data read inside the function and returned.
    package var origin: RemoteOrigin?
    /// When every `return` is a tuple of the same length (`return ok, message, data`): what
    /// each position returns, so `ok, message, data = f()` gives each name its own part.
    package var elements: [ReturnSummary]? = nil

    package var isEmpty: Bool { parameters.isEmpty && origin == nil }

    /// Adds what other returns carry once they are safe for `kinds` (the returns a check
    /// guards): a parameter only they return is cleared for those kinds (and what they cleared
    /// it for already); one returned raw elsewhere stays raw. Positions are dropped: the
    /// returns no longer agree on a shape.
    package mutating func add(_ other: ReturnSummary, clearedFor kinds: Set<SinkKind>, order: [String]) {
        let known = Set(parameters)
        for name in other.parameters where !known.contains(name) {
            cleared[name] = kinds.union(other.cleared[name] ?? [])
        }
        if !other.parameters.isEmpty { parameters = order.filter { known.contains($0) || other.parameters.contains($0) } }
        if origin == nil, var remote = other.origin {
            remote.cleared.formUnion(kinds)
            origin = remote
        }
        if !other.isEmpty { elements = nil }
    }
}

package enum ReturnSummaries {
    /// The summaries of every function of one module, given what is already known of the
    /// functions it calls (`context.taintFacts.returns`).
    package static func collect(_ context: FlowContext) -> [String: ReturnSummary] {
        var out: [String: ReturnSummary] = [:]
        let model = context.model
        for (index, scope) in model.scopes.enumerated() where scope.kind == .function {
            guard case .statement(let stmt) = scope.node, context.project.functions[scope.qualifiedName] != nil else { continue }
            let def: FunctionDef
            switch context.tree[stmt].kind {
            case .functionDef(let d), .asyncFunctionDef(let d): def = d
            default: continue
            }
            let id = ScopeID(Int32(index))
            let parameters = context.tree.parameters(of: def.args).map(\.arg)
            // `if url and is_safe_redirect_url(url): return url`, `if not x.isalnum(): raise`:
            // a value returned only after the function checked it is the checked value.
            let returned = returnValues(def.body, context).filter { !Taint.isValidated($0, context) }
            // `if urlparse(url).netloc: return "/"` then `return url`: what is returned after a
            // check of its host is safe to redirect to or fetch; `if os.path.commonpath([full,
            // BASE]) != BASE: raise` then `return full`: a path confined to a folder, safe to
            // open. Each is still raw for every other sink.
            let urlChecked = returned.filter { URLGuards.isChecked($0, context) }
            let contained = returned.filter { !urlChecked.contains($0) && PathGuards.isContained($0, context) }
            let values = returned.filter { !urlChecked.contains($0) && !contained.contains($0) }
            var summary = summarise(values, scope: id, parameters: parameters, context)
            let tuples = values.compactMap { value -> [ExprID]? in
                if case .tuple(let elts, _) = context.tree[value].kind, !elts.contains(where: { if case .starred = context.tree[$0].kind { return true } else { return false } }) { return elts }
                return nil
            }
            if tuples.count == values.count, let width = tuples.first?.count, width > 1, tuples.allSatisfy({ $0.count == width }) {
                summary.elements = (0..<width).map { position in summarise(tuples.map { $0[position] }, scope: id, parameters: parameters, context) }
            }
            for (checked, kinds) in [(urlChecked, Set<SinkKind>([.redirect, .url])), (contained, Set<SinkKind>([.path]))] where !checked.isEmpty {
                summary.add(summarise(checked, scope: id, parameters: parameters, context), clearedFor: kinds, order: parameters)
            }
            if !summary.isEmpty { out[scope.qualifiedName] = summary }
        }
        return out
    }

    /// What a set of returned expressions carries: the function's parameters it reaches (in
    /// parameter order, so summaries compare equal from run to run) and request data it reads.
    package static func summarise(_ values: [ExprID], scope: ScopeID, parameters: [String], _ context: FlowContext) -> ReturnSummary {
        var summary = ReturnSummary()
        var sanitizedOrigin: RemoteOrigin? = nil
        var raw: Set<String> = []
        // Parameter → kinds, intersected over the returns that reach it only through sanitizers.
        var sanitized: [String: Set<SinkKind>] = [:]
        for value in values {
            var walker = Taint.Walker(context: context, mode: .value, stop: nil)
            walker.summaryScope = scope
            if let found = walker.origin(value, depth: 0), summary.origin == nil {
                summary.origin = ProjectTaint.remote(found, call: value, context)
            }
            raw.formUnion(walker.reachedParameters.keys)
            // `return escape(x)`: a second pass through the sanitizers says what they clear.
            guard walker.sawSanitizer else { continue }
            var through = Taint.Walker(context: context, mode: .value, stop: nil)
            through.summaryScope = scope
            through.throughSanitizers = true
            if let found = through.origin(value, depth: 0), summary.origin == nil, !found.cleared.isEmpty {
                sanitizedOrigin = sanitizedOrigin ?? ProjectTaint.remote(found, call: value, context)
            }
            for (name, kinds) in through.reachedParameters { sanitized[name] = sanitized[name].map { $0.intersection(kinds) } ?? kinds }
        }
        if summary.origin == nil { summary.origin = sanitizedOrigin }
        summary.parameters = parameters.filter { raw.contains($0) || sanitized[$0] != nil }
        for name in summary.parameters where !raw.contains(name) { summary.cleared[name] = sanitized[name] }
        return summary
    }

    /// The values of the function's own `return` statements (not those of nested functions
    /// or classes), in reachable code.
    package static func returnValues(_ body: [StmtID], _ context: FlowContext) -> [ExprID] {
        var out: [ExprID] = []
        var stack = body
        while let stmt = stack.popLast() {
            if context.flow.isUnreachable(stmt) { continue }
            switch context.tree[stmt].kind {
            case .functionDef, .asyncFunctionDef, .classDef: continue
            case .return(let value?): out.append(value)
            default: break
            }
            for block in context.tree.childBodies(of: stmt) { stack.append(contentsOf: block) }
        }
        return out
    }
}
