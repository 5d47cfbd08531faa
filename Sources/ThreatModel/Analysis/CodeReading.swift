import Dataflow
import PythonSemantics
import PythonSyntax
import Rules

/// Questions the threat model asks of one file's code, on top of the rules' context: the
/// statements of a body with the tests that guard them, calls and names by qualified name,
/// status codes, and locations as the scan's findings show them.
struct CodeReading {
    let inventory: CodeInventory
    let file: Int
    /// The path findings carry for this file.
    let displayPath: String

    var context: RuleContext { inventory.contexts[file] }
    var tree: SyntaxTree { context.tree }
    var model: SemanticModel { context.model }

    func location(_ line: Int, _ function: String? = nil) -> CodeLocation {
        CodeLocation(file: displayPath, line: line, function: function)
    }

    func location(of expr: ExprID) -> CodeLocation {
        location(Int(tree[expr].range.lineno), model.enclosingName(of: expr))
    }

    func location(of stmt: StmtID) -> CodeLocation {
        location(Int(tree[stmt].range.lineno), model.enclosingName(of: stmt))
    }

    /// The qualified name an expression refers to, or its dotted text when it cannot be
    /// resolved (an object imported from an unscanned package).
    func name(_ expr: ExprID) -> String? {
        context.qualifiedName(expr) ?? tree.dottedName(expr)
    }

    /// The last component of a dotted name.
    static func last(_ name: String) -> String { name.split(separator: ".").last.map(String.init) ?? name }

    /// The body of a `def` or `class` statement.
    func body(of stmt: StmtID) -> [StmtID] {
        switch tree[stmt].kind {
        case .functionDef(let def), .asyncFunctionDef(let def): return def.body
        case .classDef(let def): return def.body
        default: return []
        }
    }

    /// Every statement of a body, nested blocks included (nested definitions too when
    /// `intoDefinitions`: a decorator's wrapper), each with the `if`/`while` tests around it,
    /// innermost last, and whether it sits in the test's `else` branch.
    func statements(_ body: [StmtID], intoDefinitions: Bool = false) -> [(stmt: StmtID, tests: [(test: ExprID, negated: Bool)])] {
        var out: [(StmtID, [(ExprID, Bool)])] = []
        func walk(_ list: [StmtID], _ tests: [(ExprID, Bool)], depth: Int) {
            guard depth < 32 else { return }
            for stmt in list {
                out.append((stmt, tests))
                switch tree[stmt].kind {
                case .if(let test, let body, let orelse):
                    walk(body, tests + [(test, false)], depth: depth + 1)
                    walk(orelse, tests + [(test, true)], depth: depth + 1)
                case .while(let test, let body, let orelse):
                    walk(body, tests + [(test, false)], depth: depth + 1)
                    walk(orelse, tests, depth: depth + 1)
                case .for(_, _, let body, let orelse, _), .asyncFor(_, _, let body, let orelse, _):
                    walk(body, tests, depth: depth + 1)
                    walk(orelse, tests, depth: depth + 1)
                case .with(_, let body, _), .asyncWith(_, let body, _):
                    walk(body, tests, depth: depth + 1)
                case .try(let body, let handlers, let orelse, let finalbody), .tryStar(let body, let handlers, let orelse, let finalbody):
                    walk(body, tests, depth: depth + 1)
                    for handler in handlers { walk(handler.body, tests, depth: depth + 1) }
                    walk(orelse, tests, depth: depth + 1)
                    walk(finalbody, tests, depth: depth + 1)
                case .match(_, let cases):
                    for item in cases { walk(item.body, tests, depth: depth + 1) }
                case .functionDef(let def), .asyncFunctionDef(let def):
                    if intoDefinitions { walk(def.body, tests, depth: depth + 1) }
                default:
                    break
                }
            }
        }
        walk(body, [], depth: 0)
        return out
    }

    /// Every expression inside `expr`, itself included (bounded).
    func subexpressions(_ expr: ExprID) -> [ExprID] {
        var out: [ExprID] = []
        var pending = [expr]
        while let next = pending.popLast(), out.count < 512 {
            out.append(next)
            pending += tree.childExprs(of: next)
        }
        return out
    }

    /// The expressions a statement holds itself (not those of nested blocks).
    func expressions(of stmt: StmtID) -> [ExprID] {
        switch tree[stmt].kind {
        case .expr(let value): return [value]
        case .return(let value): return value.map { [$0] } ?? []
        case .assign(let targets, let value, _): return targets + [value]
        case .augAssign(let target, _, let value): return [target, value]
        case .annAssign(let target, _, let value, _): return [target] + (value.map { [$0] } ?? [])
        case .raise(let exc, let cause): return [exc, cause].compactMap { $0 }
        case .if(let test, _, _), .while(let test, _, _): return [test]
        case .assert(let test, let msg): return [test] + (msg.map { [$0] } ?? [])
        case .delete(let targets): return targets
        default: return []
        }
    }

    /// The text of a node, on one line.
    func text(_ expr: ExprID, limit: Int = 70) -> String { context.text(expr, limit: limit) }

    /// The lower-cased source text of an expression, for word tests.
    func words(_ expr: ExprID) -> String { context.text(expr, limit: 400).lowercased() }

    /// A constant integer, also through names such as `status.HTTP_401_UNAUTHORIZED`.
    func statusCode(_ expr: ExprID) -> Int? {
        if let value = context.int(expr) { return value }
        if let name = name(expr) {
            if let code = Controls.rejections[name] { return code }
            let last = Self.last(name)
            if last.hasPrefix("HTTP_"), let code = Int(last.dropFirst(5).prefix(3)) { return code }
            if last == "UNAUTHORIZED" { return 401 }
            if last == "FORBIDDEN" { return 403 }
        }
        return nil
    }

    /// Does a class (qualified) derive, through project classes, from one of `bases`? Returns the base found.
    func base(of cls: String, in bases: Set<String>) -> String? {
        let project = inventory.project
        var pending = [cls]
        var seen: Set<String> = []
        while let next = pending.popLast(), seen.count < 32 {
            guard seen.insert(next).inserted else { continue }
            if bases.contains(next) { return next }
            if let summary = project.classes[project.canonicalName(next)] {
                pending += summary.bases.map { project.canonicalName(Self.qualified($0, in: summary.module)) }
            }
        }
        return nil
    }

    /// A base class as the class summary writes it, qualified: a bare name (`Base`, bound in the
    /// class's own module by `Base = declarative_base()`) is that module's.
    static func qualified(_ base: String, in module: String) -> String {
        base.contains(".") ? base : module + "." + base
    }

    /// Every base class name (qualified, project classes followed) of a class.
    func allBases(of cls: String) -> [String] {
        let project = inventory.project
        var out: [String] = []
        var pending = [cls]
        while let next = pending.popLast(), out.count < 32 {
            let canonical = project.canonicalName(next)
            guard let summary = project.classes[canonical] else { continue }
            for written in summary.bases {
                let base = Self.qualified(written, in: summary.module)
                guard !out.contains(base) else { continue }
                out.append(base)
                pending.append(base)
            }
        }
        return out
    }
}
