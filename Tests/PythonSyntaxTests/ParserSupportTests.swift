import Foundation
import Testing
@testable import PythonSyntax

/// A small printer in the shape of CPython 3.11's `ast.dump(tree, include_attributes=True)`,
/// so parser tests can compare with text produced by python3.
struct TestDump {
    let tree: SyntaxTree
    var attrs = true

    func module() -> String { "Module(body=\(stmts(tree.body)), type_ignores=[])" }

    func pos(_ r: SourceRange) -> String {
        attrs ? ", lineno=\(r.lineno), col_offset=\(r.colOffset), end_lineno=\(r.endLineno), end_col_offset=\(r.endColOffset)" : ""
    }

    func stmts(_ ids: [StmtID]) -> String { "[" + ids.map { stmt($0) }.joined(separator: ", ") + "]" }
    func exprs(_ ids: [ExprID]) -> String { "[" + ids.map { expr($0) }.joined(separator: ", ") + "]" }
    func opt(_ name: String, _ id: ExprID?) -> String { id.map { ", \(name)=\(expr($0))" } ?? "" }
    func optS(_ name: String, _ s: String?) -> String { s.map { ", \(name)=\(pyStr($0))" } ?? "" }
    func names(_ n: [String]) -> String { "[" + n.map { pyStr($0) }.joined(separator: ", ") + "]" }

    func stmt(_ id: StmtID) -> String {
        let s = tree[id]
        let p = pos(s.range)
        switch s.kind {
        case .functionDef(let f), .asyncFunctionDef(let f):
            var isAsync = false
            if case .asyncFunctionDef = s.kind { isAsync = true }
            return "\(isAsync ? "AsyncFunctionDef" : "FunctionDef")(name=\(pyStr(f.name)), args=\(arguments(f.args)), body=\(stmts(f.body)), decorator_list=\(exprs(f.decoratorList))\(opt("returns", f.returns))\(p))"
        case .classDef(let c):
            return "ClassDef(name=\(pyStr(c.name)), bases=\(exprs(c.bases)), keywords=\(keywords(c.keywords)), body=\(stmts(c.body)), decorator_list=\(exprs(c.decoratorList))\(p))"
        case .return(let v): return "Return(\(v.map { "value=" + expr($0) } ?? "")\(v == nil ? String(p.dropFirst(2)) : p))"
        case .delete(let t): return "Delete(targets=\(exprs(t))\(p))"
        case .assign(let t, let v, _): return "Assign(targets=\(exprs(t)), value=\(expr(v))\(p))"
        case .typeAlias(let n, _, let v): return "TypeAlias(name=\(expr(n)), value=\(expr(v))\(p))"
        case .augAssign(let t, let op, let v): return "AugAssign(target=\(expr(t)), op=\(binop(op))(), value=\(expr(v))\(p))"
        case .annAssign(let t, let a, let v, let simple):
            return "AnnAssign(target=\(expr(t)), annotation=\(expr(a))\(opt("value", v)), simple=\(simple ? 1 : 0)\(p))"
        case .for(let t, let it, let b, let o, _): return "For(target=\(expr(t)), iter=\(expr(it)), body=\(stmts(b)), orelse=\(stmts(o))\(p))"
        case .asyncFor(let t, let it, let b, let o, _): return "AsyncFor(target=\(expr(t)), iter=\(expr(it)), body=\(stmts(b)), orelse=\(stmts(o))\(p))"
        case .while(let t, let b, let o): return "While(test=\(expr(t)), body=\(stmts(b)), orelse=\(stmts(o))\(p))"
        case .if(let t, let b, let o): return "If(test=\(expr(t)), body=\(stmts(b)), orelse=\(stmts(o))\(p))"
        case .with(let items, let b, _): return "With(items=\(withItems(items)), body=\(stmts(b))\(p))"
        case .asyncWith(let items, let b, _): return "AsyncWith(items=\(withItems(items)), body=\(stmts(b))\(p))"
        case .match(let subj, let cases):
            let cs = cases.map { c in "match_case(pattern=\(pattern(c.pattern))\(opt("guard", c.guardExpr)), body=\(stmts(c.body)))" }
            return "Match(subject=\(expr(subj)), cases=[\(cs.joined(separator: ", "))]\(p))"
        case .raise(let e, let c):
            var parts: [String] = []
            if let e { parts.append("exc=\(expr(e))") }
            if let c { parts.append("cause=\(expr(c))") }
            return "Raise(\(parts.joined(separator: ", "))\(parts.isEmpty ? String(p.dropFirst(2)) : p))"
        case .try(let b, let h, let o, let f), .tryStar(let b, let h, let o, let f):
            var star = false
            if case .tryStar = s.kind { star = true }
            let hs = h.map { x in "ExceptHandler(\([x.type.map { "type=" + expr($0) }, x.name.map { "name=" + pyStr($0) }, "body=" + stmts(x.body)].compactMap { $0 }.joined(separator: ", "))\(pos(x.range)))" }
            return "\(star ? "TryStar" : "Try")(body=\(stmts(b)), handlers=[\(hs.joined(separator: ", "))], orelse=\(stmts(o)), finalbody=\(stmts(f))\(p))"
        case .assert(let t, let m): return "Assert(test=\(expr(t))\(opt("msg", m))\(p))"
        case .import(let n): return "Import(names=\(aliases(n))\(p))"
        case .importFrom(let m, let n, let l):
            return "ImportFrom(\(m.map { "module=" + pyStr($0) + ", " } ?? "")names=\(aliases(n)), level=\(l)\(p))"
        case .global(let n): return "Global(names=\(names(n))\(p))"
        case .nonlocal(let n): return "Nonlocal(names=\(names(n))\(p))"
        case .expr(let v): return "Expr(value=\(expr(v))\(p))"
        case .pass: return "Pass(\(p.dropFirst(2)))"
        case .break: return "Break(\(p.dropFirst(2)))"
        case .continue: return "Continue(\(p.dropFirst(2)))"
        }
    }

    func withItems(_ items: [WithItem]) -> String {
        "[" + items.map { "withitem(context_expr=\(expr($0.contextExpr))\(opt("optional_vars", $0.optionalVars)))" }.joined(separator: ", ") + "]"
    }

    func aliases(_ a: [Alias]) -> String {
        "[" + a.map { "alias(name=\(pyStr($0.name))\(optS("asname", $0.asname))\(pos($0.range)))" }.joined(separator: ", ") + "]"
    }

    func keywords(_ k: [Keyword]) -> String {
        "[" + k.map { "keyword(\($0.arg.map { "arg=" + pyStr($0) + ", " } ?? "")value=\(expr($0.value))\(pos($0.range)))" }.joined(separator: ", ") + "]"
    }

    func arg(_ a: Arg) -> String { "arg(arg=\(pyStr(a.arg))\(opt("annotation", a.annotation))\(pos(a.range)))" }

    func arguments(_ id: ArgumentsID) -> String {
        let a = tree[id]
        let kwd = "[" + a.kwDefaults.map { $0.map { expr($0) } ?? "None" }.joined(separator: ", ") + "]"
        return "arguments(posonlyargs=[\(a.posonlyargs.map(arg).joined(separator: ", "))], args=[\(a.args.map(arg).joined(separator: ", "))]"
            + (a.vararg.map { ", vararg=" + arg($0) } ?? "")
            + ", kwonlyargs=[\(a.kwonlyargs.map(arg).joined(separator: ", "))], kw_defaults=\(kwd)"
            + (a.kwarg.map { ", kwarg=" + arg($0) } ?? "") + ", defaults=\(exprs(a.defaults)))"
    }

    func ctx(_ c: ExprContext) -> String { c == .load ? "Load()" : c == .store ? "Store()" : "Del()" }

    func binop(_ o: BinaryOperator) -> String {
        switch o {
        case .add: return "Add"
        case .sub: return "Sub"
        case .mult: return "Mult"
        case .matMult: return "MatMult"
        case .div: return "Div"
        case .mod: return "Mod"
        case .pow: return "Pow"
        case .lShift: return "LShift"
        case .rShift: return "RShift"
        case .bitOr: return "BitOr"
        case .bitXor: return "BitXor"
        case .bitAnd: return "BitAnd"
        case .floorDiv: return "FloorDiv"
        }
    }

    func cmpop(_ o: CompareOperator) -> String {
        switch o {
        case .eq: return "Eq()"
        case .notEq: return "NotEq()"
        case .lt: return "Lt()"
        case .ltE: return "LtE()"
        case .gt: return "Gt()"
        case .gtE: return "GtE()"
        case .is: return "Is()"
        case .isNot: return "IsNot()"
        case .in: return "In()"
        case .notIn: return "NotIn()"
        }
    }

    func comps(_ g: [Comprehension]) -> String {
        "[" + g.map { "comprehension(target=\(expr($0.target)), iter=\(expr($0.iter)), ifs=\(exprs($0.ifs)), is_async=\($0.isAsync ? 1 : 0))" }.joined(separator: ", ") + "]"
    }

    func expr(_ id: ExprID) -> String {
        let e = tree[id]
        let p = pos(e.range)
        switch e.kind {
        case .boolOp(let op, let v): return "BoolOp(op=\(op == .and ? "And()" : "Or()"), values=\(exprs(v))\(p))"
        case .namedExpr(let t, let v): return "NamedExpr(target=\(expr(t)), value=\(expr(v))\(p))"
        case .binOp(let l, let op, let r): return "BinOp(left=\(expr(l)), op=\(binop(op))(), right=\(expr(r))\(p))"
        case .unaryOp(let op, let v):
            let o = op == .invert ? "Invert()" : op == .not ? "Not()" : op == .uAdd ? "UAdd()" : "USub()"
            return "UnaryOp(op=\(o), operand=\(expr(v))\(p))"
        case .lambda(let a, let b): return "Lambda(args=\(arguments(a)), body=\(expr(b))\(p))"
        case .ifExp(let t, let b, let o): return "IfExp(test=\(expr(t)), body=\(expr(b)), orelse=\(expr(o))\(p))"
        case .dict(let k, let v):
            return "Dict(keys=[\(k.map { $0.map { expr($0) } ?? "None" }.joined(separator: ", "))], values=\(exprs(v))\(p))"
        case .set(let el): return "Set(elts=\(exprs(el))\(p))"
        case .listComp(let el, let g): return "ListComp(elt=\(expr(el)), generators=\(comps(g))\(p))"
        case .setComp(let el, let g): return "SetComp(elt=\(expr(el)), generators=\(comps(g))\(p))"
        case .dictComp(let k, let v, let g): return "DictComp(key=\(expr(k)), value=\(expr(v)), generators=\(comps(g))\(p))"
        case .generatorExp(let el, let g): return "GeneratorExp(elt=\(expr(el)), generators=\(comps(g))\(p))"
        case .await(let v): return "Await(value=\(expr(v))\(p))"
        case .yield(let v): return "Yield(\(v.map { "value=" + expr($0) } ?? "")\(v == nil ? String(p.dropFirst(2)) : p))"
        case .yieldFrom(let v): return "YieldFrom(value=\(expr(v))\(p))"
        case .compare(let l, let ops, let c):
            return "Compare(left=\(expr(l)), ops=[\(ops.map(cmpop).joined(separator: ", "))], comparators=\(exprs(c))\(p))"
        case .call(let f, let a, let k): return "Call(func=\(expr(f)), args=\(exprs(a)), keywords=\(keywords(k))\(p))"
        case .formattedValue(let v, let c, let s): return "FormattedValue(value=\(expr(v)), conversion=\(c)\(opt("format_spec", s))\(p))"
        case .interpolation(let v, let str, let c, let s):
            return "Interpolation(value=\(expr(v)), str=\(pyStr(str)), conversion=\(c)\(opt("format_spec", s))\(p))"
        case .joinedStr(let v): return "JoinedStr(values=\(exprs(v))\(p))"
        case .templateStr(let v): return "TemplateStr(values=\(exprs(v))\(p))"
        case .constant(let v, let k): return "Constant(value=\(constant(v))\(k.map { ", kind=" + pyStr($0) } ?? "")\(p))"
        case .attribute(let v, let a, let c): return "Attribute(value=\(expr(v)), attr=\(pyStr(a)), ctx=\(ctx(c))\(p))"
        case .subscript(let v, let s, let c): return "Subscript(value=\(expr(v)), slice=\(expr(s)), ctx=\(ctx(c))\(p))"
        case .starred(let v, let c): return "Starred(value=\(expr(v)), ctx=\(ctx(c))\(p))"
        case .name(let n, let c): return "Name(id=\(pyStr(n)), ctx=\(ctx(c))\(p))"
        case .list(let el, let c): return "List(elts=\(exprs(el)), ctx=\(ctx(c))\(p))"
        case .tuple(let el, let c): return "Tuple(elts=\(exprs(el)), ctx=\(ctx(c))\(p))"
        case .slice(let l, let u, let s):
            let parts = [l.map { "lower=" + expr($0) }, u.map { "upper=" + expr($0) }, s.map { "step=" + expr($0) }].compactMap { $0 }
            return "Slice(\(parts.joined(separator: ", "))\(parts.isEmpty ? String(p.dropFirst(2)) : p))"
        }
    }

    func pattern(_ id: PatternID) -> String {
        let pt = tree[id]
        let p = pos(pt.range)
        switch pt.kind {
        case .matchValue(let v): return "MatchValue(value=\(expr(v))\(p))"
        case .matchSingleton(let v): return "MatchSingleton(value=\(constant(v))\(p))"
        case .matchSequence(let ps): return "MatchSequence(patterns=[\(ps.map(pattern).joined(separator: ", "))]\(p))"
        case .matchMapping(let k, let ps, let rest):
            return "MatchMapping(keys=\(exprs(k)), patterns=[\(ps.map(pattern).joined(separator: ", "))]\(optS("rest", rest))\(p))"
        case .matchClass(let c, let ps, let ka, let kp):
            return "MatchClass(cls=\(expr(c)), patterns=[\(ps.map(pattern).joined(separator: ", "))], kwd_attrs=\(names(ka)), kwd_patterns=[\(kp.map(pattern).joined(separator: ", "))]\(p))"
        case .matchStar(let n): return "MatchStar(\(n.map { "name=" + pyStr($0) } ?? "")\(n == nil ? String(p.dropFirst(2)) : p))"
        case .matchAs(let sub, let n):
            let parts = [sub.map { "pattern=" + pattern($0) }, n.map { "name=" + pyStr($0) }].compactMap { $0 }
            return "MatchAs(\(parts.joined(separator: ", "))\(parts.isEmpty ? String(p.dropFirst(2)) : p))"
        case .matchOr(let ps): return "MatchOr(patterns=[\(ps.map(pattern).joined(separator: ", "))]\(p))"
        }
    }

    func constant(_ v: ConstantValue) -> String {
        switch v {
        case .none: return "None"
        case .bool(let b): return b ? "True" : "False"
        case .ellipsis: return "Ellipsis"
        case .int(let i): return String(i)
        case .bigInt(let s): return s
        case .float(let d): return pyFloat(d)
        case .complex(let d): return pyFloat(d, complex: true) + "j"
        case .str(let s): return pyStr(s)
        case .bytes(let b): return pyBytes(b)
        }
    }

    func pyFloat(_ d: Double, complex: Bool = false) -> String {
        if d.isInfinite { return d > 0 ? "inf" : "-inf" }
        if d.isNaN { return "nan" }
        var s = "\(d)"
        // Python's repr: exponent form with at least two digits, no ".0" before the exponent.
        if let eIdx = s.firstIndex(of: "e") {
            var mant = String(s[..<eIdx])
            var exp = String(s[s.index(after: eIdx)...])
            if mant.hasSuffix(".0") { mant.removeLast(2) }
            var sign = "+"
            if exp.hasPrefix("-") { sign = "-"; exp.removeFirst() } else if exp.hasPrefix("+") { exp.removeFirst() }
            if exp.count < 2 { exp = "0" + exp }
            s = mant + "e" + sign + exp
        } else if d == d.rounded(), abs(d) >= 1e16 {
            // Swift prints large integral doubles in full; Python switches to exponent form.
            let digits = String(format: "%.17g", d)
            s = Double(digits).map { _ in digits } ?? s
        }
        if complex && s.hasSuffix(".0") { s.removeLast(2) }
        return s
    }

    func pyStr(_ s: String) -> String {
        let useDouble = s.contains("'") && !s.contains("\"")
        let q: Character = useDouble ? "\"" : "'"
        var out = String(q)
        for u in s.unicodeScalars {
            switch u {
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if Character(u) == q { out += "\\\(q)"; continue }
                if u.value < 0x20 || u.value == 0x7F { out += String(format: "\\x%02x", u.value); continue }
                if u.value >= 0x80 && !isPrintable(u) {
                    if u.value <= 0xFF { out += String(format: "\\x%02x", u.value) }
                    else if u.value <= 0xFFFF { out += String(format: "\\u%04x", u.value) }
                    else { out += String(format: "\\U%08x", u.value) }
                    continue
                }
                out.unicodeScalars.append(u)
            }
        }
        out.append(q)
        return out
    }

    func isPrintable(_ u: Unicode.Scalar) -> Bool {
        switch u.properties.generalCategory {
        case .control, .format, .surrogate, .privateUse, .unassigned, .lineSeparator, .paragraphSeparator, .spaceSeparator:
            return u == " "
        default:
            return true
        }
    }

    func pyBytes(_ b: [UInt8]) -> String {
        let useDouble = b.contains(39) && !b.contains(34)
        let q: UInt8 = useDouble ? 34 : 39
        var out = "b" + String(UnicodeScalar(q))
        for c in b {
            switch c {
            case 92: out += "\\\\"
            case 10: out += "\\n"
            case 13: out += "\\r"
            case 9: out += "\\t"
            default:
                if c == q { out += "\\" + String(UnicodeScalar(q)) }
                else if c < 0x20 || c >= 0x7F { out += String(format: "\\x%02x", c) }
                else { out.append(Character(UnicodeScalar(c))) }
            }
        }
        return out + String(UnicodeScalar(q))
    }
}

func parseSource(_ text: String) -> SyntaxTree {
    PythonParser.parse(SourceFile(path: "<test>", utf8: Array(text.utf8)))
}

func dumpSource(_ text: String, attributes: Bool = true) -> String {
    TestDump(tree: parseSource(text), attrs: attributes).module()
}

/// Writes our dump of every file listed in $PARSER_DUMP_LIST to $PARSER_DUMP_OUT/<index>.txt
/// (a manual tool for comparing with CPython over many files; does nothing otherwise).
@Test func dumpFilesForOracle() throws {
    let env = ProcessInfo.processInfo.environment
    guard let list = env["PARSER_DUMP_LIST"], let outDir = env["PARSER_DUMP_OUT"] else { return }
    let files = try String(contentsOfFile: list, encoding: .utf8).split(separator: "\n").map(String.init)
    for (i, f) in files.enumerated() {
        guard let data = FileManager.default.contents(atPath: f) else { continue }
        var text: String
        do {
            let src = try SourceFile.decode(path: f, raw: [UInt8](data))
            let tree = PythonParser.parse(src)
            if let e = tree.errors.first {
                text = "ERROR \(e.line):\(e.column): \(e.message)"
            } else {
                text = TestDump(tree: tree).module()
            }
        } catch {
            text = "ERROR decode: \(error)"
        }
        try text.write(toFile: "\(outDir)/\(i).txt", atomically: false, encoding: .utf8)
    }
}
