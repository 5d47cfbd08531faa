import PythonSemantics
import PythonSyntax

/// Checks that keep a file path inside a folder: asked by the path rule at its sink, and by
/// return summaries at a helper's `return`, so a project function that returns a path only
/// after confining it (`full = realpath(join(BASE, name)); if commonpath([full, BASE]) != BASE:
/// raise`) clears it for file sinks at every call.
package enum PathGuards {
    /// A containment check, before the sink, of a variable used in the path: a normalized path
    /// (`realpath`, `abspath`, `normpath`, `Path.resolve()`) checked with `startswith`,
    /// `commonpath`/`commonprefix` or `is_relative_to`/`relative_to`. A check of a path that was
    /// not normalized protects nothing: `/srv/files/../../etc/passwd` starts with `/srv/files/`.
    package static func isContained(_ path: ExprID, _ context: FlowContext) -> Bool {
        if isBelowAFixedFolder(path, context) { return true }
        let used = aliases(in: path, context)
        guard !used.isEmpty else { return false }
        // The names the path is built from (`full = os.path.join(BASE, name)`: `name` too).
        let parts = aliases(in: path, context, throughValues: true)
        for test in Taint.guardTests(before: path, context) {
            // `if os.path.basename(name) != name: return`: a single file name, no folder.
            var stack = [test]
            while let next = stack.popLast() {
                if case .compare(let left, let ops, let comparators) = context.tree[next].kind, ops.count == 1, ops[0] == .eq || ops[0] == .notEq,
                   let id = Guards.basenameIdentity(left, comparators[0], context.model) ?? Guards.basenameIdentity(comparators[0], left, context.model),
                   parts.contains(id) { return true }
                stack.append(contentsOf: context.tree.childExprs(of: next))
            }
            for (call, name) in Taint.checkedCalls(in: test, context, everyBinding: true) where containmentChecks.contains(name) {
                var subjects: [ExprID] = call.args
                if case .attribute(let receiver, _, _) = context.tree[call.function].kind {
                    // `npath.startswith(BASE)`: the receiver is the path checked.
                    subjects = name == "commonpath" || name == "commonprefix" ? call.args : [receiver]
                }
                // `commonpath([BASE, npath])`: the paths are the list's elements.
                subjects = subjects.flatMap { subject -> [ExprID] in
                    switch context.tree[subject].kind {
                    case .list(let elts, _), .tuple(let elts, _): return elts
                    default: return [subject]
                    }
                }
                // (`q = os.path.abspath(p)` checked, `p` opened: the same file.)
                for subject in subjects where isNormalized(subject, context)
                    && !Taint.names(in: subject, context).union(aliases(in: subject, context)).isDisjoint(with: used) {
                    return true
                }
            }
        }
        return false
    }

    /// Text joined after a fixed part (`f"{BASE}/{name}"`, `BASE + "/" + name`), where every part
    /// from the request was checked to hold no parent-folder step (`if "../" in name: return`):
    /// it cannot climb out, and, joined as text (not `os.path.join`, which an absolute name
    /// resets), an absolute name stays below the base too.
    package static func isBelowAFixedFolder(_ path: ExprID, _ context: FlowContext) -> Bool {
        let parts = context.model.stringShape(of: path).parts
        guard parts.count >= 2 else { return false }
        var sawRequestPart = false
        for (index, part) in parts.enumerated() {
            guard case .hole(let hole) = part, Taint.isRequestDerived(hole, context, kind: .path) != nil else { continue }
            sawRequestPart = true
            // Something fixed must come first, and more than the root (`"/" + name` is anywhere).
            let before = parts[..<index]
            let fixedText = before.allSatisfy { if case .literal = $0 { return true } else { return false } }
                ? before.map { if case .literal(let text) = $0 { return text } else { return "" } }.joined() : "base"
            guard fixedText.contains(where: { $0 != "/" }), case .name(let id, _) = context.tree[hole].kind,
                  context.flow.isGuarded(id, at: hole, family: .parentSegments) else { return false }
        }
        return sawRequestPart
    }

    /// The names read in an expression and the names they copy (`target = candidate`): a check
    /// of `candidate` is a check of `target`, whichever was assigned first.
    /// With `throughValues`, also the names every assigned value reads (`full = join(BASE, name)`
    /// gives `name` and `BASE`): what the path is built from, for checks of one component.
    package static func aliases(in expr: ExprID, _ context: FlowContext, throughValues: Bool = false) -> Set<String> {
        var out: Set<String> = []
        var uses = Taint.nameUses(in: expr, context)
        var steps = 0
        while let use = uses.popLast(), steps < 64 {
            steps += 1
            guard case .name(let id, _) = context.tree[use].kind, out.insert(id).inserted else { continue }
            for def in context.model.reachingBindings(of: use) {
                guard case .assignment(let value?) = context.model[def].kind else { continue }
                if case .name = context.tree[value].kind { uses.append(value) } else if throughValues { uses += Taint.nameUses(in: value, context) }
                // `q = os.path.normpath(p)`, `q = os.path.abspath(p)`: the same place as `p`, so a
                // check of one is a check of the other.
                else if case .call(_, let args, _) = context.tree[value].kind, args.count == 1, case .name = context.tree[args[0]].kind,
                        isNormalized(value, context) { uses.append(args[0]) }
            }
        }
        return out
    }

    package static let containmentChecks: Set<String> = ["startswith", "commonpath", "commonprefix", "is_relative_to", "relative_to"]
    package static let normalizers: Set<String> = ["os.path.realpath", "os.path.abspath", "os.path.normpath", "posixpath.realpath", "posixpath.abspath",
                                           "posixpath.normpath", "ntpath.realpath", "ntpath.abspath", "ntpath.normpath"]

    /// A path with `..` resolved away: a normalizing call, `.resolve()`, or a name bound to one.
    package static func isNormalized(_ expr: ExprID, _ context: FlowContext, depth: Int = 0) -> Bool {
        guard depth < 4 else { return false }
        switch context.tree[expr].kind {
        case .call(let function, _, _):
            guard let call = context.call(expr) else { return false }
            if let name = call.name, normalizers.contains(name) { return true }
            if case .attribute(_, let method, _) = context.tree[function].kind, method == "resolve" { return true }
            // A project helper that returns a normalized path (`def normalize(p): return os.path.normpath(p)`).
            if let (_, helper, _) = ProjectTaint.callee(call, context), !helper.returnedCalls.isEmpty,
               helper.returnedCalls.allSatisfy({ normalizers.contains($0) }) { return true }
            return false
        case .name:
            let defs = context.model.reachingBindings(of: expr)
            guard !defs.isEmpty else { return false }
            return defs.allSatisfy { def in
                if case .assignment(let value?) = context.model[def].kind { return isNormalized(value, context, depth: depth + 1) }
                return false
            }
        default:
            return false
        }
    }
}
