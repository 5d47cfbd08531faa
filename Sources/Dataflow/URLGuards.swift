import PythonSemantics
import PythonSyntax

/// Checks that keep a URL on allowed hosts, for redirects and outgoing requests: the rules ask
/// at their sink, and return summaries ask at a helper's `return`, so a project function that
/// returns its argument only after such a check (`safe_redirect_url(url)`) clears it for both.
package enum URLGuards {
    /// For a test of the host of a URL the target is built from (`urlparse(t).netloc`,
    /// `urlsplit(t).hostname`), whether the test being true means the host is safe: empty
    /// (`not ...netloc`, `...netloc == ""`) or one the program allows (`...netloc in ALLOWED`,
    /// `== request.host`). Nil when the test is not such a test (or is compound).
    package static func hostTestPolarity(_ test: ExprID, _ used: Set<String>, _ context: FlowContext) -> Bool? {
        func isHost(_ expr: ExprID) -> Bool {
            guard case .attribute(let base, let attr, _) = context.tree[expr].kind, attr == "netloc" || attr == "hostname",
                  let call = context.call(base) ?? context.model.assignedValue(of: base).flatMap({ context.call($0) }),
                  let name = call.name, name.hasSuffix("urlparse") || name.hasSuffix("urlsplit"),
                  let url = call.argument(0, "url") else { return false }
            return !Taint.names(in: url, context).isDisjoint(with: used)
        }
        switch context.tree[test].kind {
        case .unaryOp(.not, let operand):
            return hostTestPolarity(operand, used, context).map { !$0 }
        case .attribute:
            // `if urlparse(t).netloc:` is true when there is a host.
            return isHost(test) ? false : nil
        case .call(let function, let args, _):
            // `urlparse(t).netloc.endswith(".example.com")`: true when the host is one the program allows.
            guard case .attribute(let host, "endswith", _) = context.tree[function].kind, isHost(host),
                  let suffix = args.first, context.string(suffix).map({ !$0.isEmpty }) ?? false else { return nil }
            return true
        case .compare(let left, let ops, _) where ops.count == 1 && isHost(left):
            switch ops[0] {
            case .eq, .in: return true        // equal to "" (empty) or to hosts the program chose
            case .notEq, .notIn: return false // a host, or one the program did not choose
            default: return nil
            }
        case .boolOp(let op, let values):
            // `p.netloc and p.netloc != base.netloc` is false only where the host is empty or
            // the base's: safe when false. `p.scheme in S and p.netloc == host` is true only
            // where the host is the chosen one: safe when true. A part that is no host test
            // (`request.method == "POST"`) may decide the whole alone.
            let parts = values.map { hostTestPolarity($0, used, context) }
            switch op {
            case .and:
                if parts.contains(true) { return true }
                return parts.allSatisfy { $0 == false } ? false : nil
            case .or:
                if parts.contains(false) { return false }
                return parts.allSatisfy { $0 == true } ? true : nil
            }
        default:
            return nil
        }
    }

    /// Whether the value of `expr` comes from the request only where the `if` test `test` is
    /// true (in its body, or after an `else` that leaves or replaces the value) or only where it
    /// is false (in its `else`, or after a body that leaves or replaces it: `if bad: t = "/"`);
    /// nil otherwise.
    package static func branchTaken(to expr: ExprID, by test: ExprID, _ used: Set<String>, _ context: FlowContext) -> Bool? {
        guard let stmt = context.statement(containing: test), case .if(let ifTest, let body, let orelse) = context.tree[stmt].kind,
              ifTest == test else { return nil }
        let at = context.tree[expr].range
        func holds(_ block: [StmtID]) -> Bool {
            block.contains { context.tree[$0].range.start <= at.start && at.end <= context.tree[$0].range.end }
        }
        if holds(body) { return true }
        if holds(orelse) { return false }
        guard context.tree[stmt].range.end <= at.start else { return nil }
        func replaces(_ block: [StmtID]) -> Bool { block.contains { !Set(Taint.boundNames($0, context)).isDisjoint(with: used) } }
        if context.flow.alwaysExits(body, context.model) || replaces(body) { return false }
        if !orelse.isEmpty, context.flow.alwaysExits(orelse, context.model) || replaces(orelse) { return true }
        return nil
    }

    /// Is a variable used in `target` (a redirect target or an outgoing request's URL) checked
    /// before it, in an `if`/`while`/`assert` test of the same function: its host tested in the
    /// safe direction (`if urlparse(t).netloc: t = "/"`), or a URL check of it
    /// (`is_safe_url(t)`, `url_has_allowed_host_and_scheme(t, ...)`, `ok = allowed(t)`)?
    package static func isChecked(_ target: ExprID, _ context: FlowContext) -> Bool {
        let used = Taint.names(in: target, context)
        guard !used.isEmpty else { return false }
        for test in Taint.guardTests(before: target, context) {
            // A test of the target's host (`urlparse(t).netloc`): it guards only in the direction
            // in which the host is empty (or one the program allows) where the redirect runs.
            if let safeWhenTrue = hostTestPolarity(test, used, context) {
                if let runsWhenTrue = branchTaken(to: target, by: test, used, context), runsWhenTrue == safeWhenTrue { return true }
                continue
            }
            // The check itself, or the checks a local in it holds (`ok = is_safe_url(t)`, `if ok:`).
            for (call, name) in Taint.checkedCalls(in: test, context, everyBinding: false) where Guards.isURLCheck(name) {
                let checked = (call.args + call.keywords.map(\.value)).reduce(into: Set<String>()) { $0.formUnion(Taint.names(in: $1, context)) }
                if !checked.isDisjoint(with: used) { return true }
            }
        }
        return false
    }

    /// Does a conditional's test check the URL it chooses (`t if is_safe_url(t) else "/"`,
    /// `t if urlparse(t).netloc == "" else "/"`), itself or through the local it reads
    /// (`ok = url_has_allowed_host_and_scheme(t, ...)`; `t if ok else "/"`)? Then the branch
    /// taken when the test holds is safe as a redirect target or a URL to fetch.
    package static func testChecks(_ test: ExprID, chosen: ExprID, _ context: FlowContext) -> Bool {
        var checked = [test]
        if case .name = context.tree[test].kind, let bound = context.model.assignedValue(of: test) { checked.append(bound) }
        let used = Taint.names(in: chosen, context)
        return checked.contains { expr in
            (!used.isEmpty && hostTestPolarity(expr, used, context) == true)
                || Taint.calls(in: expr, context).contains { Guards.isURLCheck($0.call.name ?? $0.name) }
        }
    }
}
