/// Prints a `SyntaxTree` exactly as CPython 3.11's `ast.dump(ast.parse(source),
/// include_attributes=...)` does (one line, `indent=None`), so our parser can be checked
/// against CPython's file by file.
///
/// The format: `Name(field=value, ...)` in the ASDL field order, optional fields that are None
/// left out, lists always printed, constants as Python's `repr`, and with `includeAttributes`
/// the positions (`lineno`, `col_offset`, `end_lineno`, `end_col_offset`) after the fields.
/// Syntax newer than 3.11 uses the newest CPython's node names and fields (`TypeAlias`,
/// `TypeVar(name, bound, default_value)`, `TemplateStr`, `Interpolation`); `type_params` of a
/// function or class is printed only when non-empty, so 3.11 code dumps as 3.11 prints it.
public enum ASTDump {
    public static func dump(_ tree: SyntaxTree, includeAttributes: Bool) -> String {
        var printer = Printer(tree: tree, attrs: includeAttributes)
        printer.out.reserveCapacity(tree.exprs.count * (includeAttributes ? 90 : 40) + 64)
        printer.module()
        return String(decoding: printer.out, as: UTF8.self)
    }
}

private struct Printer {
    let tree: SyntaxTree
    let attrs: Bool
    var out: [UInt8] = []

    init(tree: SyntaxTree, attrs: Bool) {
        self.tree = tree
        self.attrs = attrs
    }

    // MARK: Building blocks

    @inline(__always) mutating func w(_ s: StaticString) {
        s.withUTF8Buffer { out.append(contentsOf: $0) }
    }

    mutating func int(_ v: Int32) { out.append(contentsOf: String(v).utf8) }

    mutating func str(_ s: String) { PythonRepr.appendString(s, to: &out) }

    /// `, lineno=..., col_offset=..., end_lineno=..., end_col_offset=...` (or nothing).
    /// `first` is true when the node has no fields, so no leading comma is written.
    mutating func pos(_ r: SourceRange, first: Bool = false) {
        guard attrs else { return }
        if !first { w(", ") }
        w("lineno="); int(r.lineno)
        w(", col_offset="); int(r.colOffset)
        w(", end_lineno="); int(r.endLineno)
        w(", end_col_offset="); int(r.endColOffset)
    }

    mutating func stmts(_ ids: [StmtID]) {
        w("[")
        for (i, id) in ids.enumerated() {
            if i > 0 { w(", ") }
            stmt(id)
        }
        w("]")
    }

    mutating func exprs(_ ids: [ExprID]) {
        w("[")
        for (i, id) in ids.enumerated() {
            if i > 0 { w(", ") }
            expr(id)
        }
        w("]")
    }

    /// A list whose items may be None (`Dict.keys`, `arguments.kw_defaults`).
    mutating func optExprs(_ ids: [ExprID?]) {
        w("[")
        for (i, id) in ids.enumerated() {
            if i > 0 { w(", ") }
            if let id { expr(id) } else { w("None") }
        }
        w("]")
    }

    mutating func patterns(_ ids: [PatternID]) {
        w("[")
        for (i, id) in ids.enumerated() {
            if i > 0 { w(", ") }
            pattern(id)
        }
        w("]")
    }

    mutating func names(_ ns: [String]) {
        w("[")
        for (i, n) in ns.enumerated() {
            if i > 0 { w(", ") }
            str(n)
        }
        w("]")
    }

    /// `, name=<expr>` when present.
    mutating func optExpr(_ name: StaticString, _ id: ExprID?) {
        guard let id else { return }
        w(", "); w(name); expr(id)
    }

    mutating func optStr(_ name: StaticString, _ s: String?) {
        guard let s else { return }
        w(", "); w(name); str(s)
    }

    mutating func ctx(_ c: ExprContext) {
        switch c {
        case .load: w(", ctx=Load()")
        case .store: w(", ctx=Store()")
        case .del: w(", ctx=Del()")
        }
    }

    // MARK: Module and statements

    mutating func module() {
        w("Module(body=")
        stmts(tree.body)
        w(", type_ignores=[])")
    }

    mutating func stmt(_ id: StmtID) {
        let s = tree[id]
        switch s.kind {
        case .functionDef(let f):
            w("FunctionDef("); functionDef(f)
        case .asyncFunctionDef(let f):
            w("AsyncFunctionDef("); functionDef(f)
        case .classDef(let c):
            w("ClassDef(name="); str(c.name)
            w(", bases="); exprs(c.bases)
            w(", keywords="); keywords(c.keywords)
            w(", body="); stmts(c.body)
            w(", decorator_list="); exprs(c.decoratorList)
            if !c.typeParams.isEmpty { w(", type_params="); typeParams(c.typeParams) }
        case .return(let value):
            w("Return(")
            if let value { w("value="); expr(value) }
            pos(s.range, first: value == nil); w(")"); return
        case .delete(let targets):
            w("Delete(targets="); exprs(targets)
        case .assign(let targets, let value, let typeComment):
            w("Assign(targets="); exprs(targets)
            w(", value="); expr(value)
            optStr("type_comment=", typeComment)
        case .typeAlias(let name, let params, let value):
            w("TypeAlias(name="); expr(name)
            w(", type_params="); typeParams(params)
            w(", value="); expr(value)
        case .augAssign(let target, let op, let value):
            w("AugAssign(target="); expr(target)
            w(", op="); binOp(op)
            w(", value="); expr(value)
        case .annAssign(let target, let annotation, let value, let simple):
            w("AnnAssign(target="); expr(target)
            w(", annotation="); expr(annotation)
            optExpr("value=", value)
            w(simple ? ", simple=1" : ", simple=0")
        case .for(let target, let iter, let body, let orelse, let typeComment):
            w("For("); forLoop(target, iter, body, orelse, typeComment)
        case .asyncFor(let target, let iter, let body, let orelse, let typeComment):
            w("AsyncFor("); forLoop(target, iter, body, orelse, typeComment)
        case .while(let test, let body, let orelse):
            w("While(test="); expr(test)
            w(", body="); stmts(body)
            w(", orelse="); stmts(orelse)
        case .if(let test, let body, let orelse):
            w("If(test="); expr(test)
            w(", body="); stmts(body)
            w(", orelse="); stmts(orelse)
        case .with(let items, let body, let typeComment):
            w("With("); withStmt(items, body, typeComment)
        case .asyncWith(let items, let body, let typeComment):
            w("AsyncWith("); withStmt(items, body, typeComment)
        case .match(let subject, let cases):
            w("Match(subject="); expr(subject)
            w(", cases=[")
            for (i, c) in cases.enumerated() {
                if i > 0 { w(", ") }
                w("match_case(pattern="); pattern(c.pattern)
                optExpr("guard=", c.guardExpr)
                w(", body="); stmts(c.body)
                w(")")
            }
            w("]")
        case .raise(let exc, let cause):
            w("Raise(")
            var first = true
            if let exc { w("exc="); expr(exc); first = false }
            if let cause {
                if !first { w(", ") }
                w("cause="); expr(cause); first = false
            }
            pos(s.range, first: first); w(")"); return
        case .try(let body, let handlers, let orelse, let finalbody):
            w("Try("); tryStmt(body, handlers, orelse, finalbody)
        case .tryStar(let body, let handlers, let orelse, let finalbody):
            w("TryStar("); tryStmt(body, handlers, orelse, finalbody)
        case .assert(let test, let msg):
            w("Assert(test="); expr(test)
            optExpr("msg=", msg)
        case .import(let names):
            w("Import(names="); aliases(names)
        case .importFrom(let module, let names, let level):
            w("ImportFrom(")
            if let module { w("module="); str(module); w(", ") }
            w("names="); aliases(names)
            w(", level="); int(level)
        case .global(let names):
            w("Global(names="); self.names(names)
        case .nonlocal(let names):
            w("Nonlocal(names="); self.names(names)
        case .expr(let value):
            w("Expr(value="); expr(value)
        case .pass:
            w("Pass("); pos(s.range, first: true); w(")"); return
        case .break:
            w("Break("); pos(s.range, first: true); w(")"); return
        case .continue:
            w("Continue("); pos(s.range, first: true); w(")"); return
        }
        pos(s.range)
        w(")")
    }

    mutating func functionDef(_ f: FunctionDef) {
        w("name="); str(f.name)
        w(", args="); arguments(f.args)
        w(", body="); stmts(f.body)
        w(", decorator_list="); exprs(f.decoratorList)
        optExpr("returns=", f.returns)
        optStr("type_comment=", f.typeComment)
        if !f.typeParams.isEmpty { w(", type_params="); typeParams(f.typeParams) }
    }

    mutating func forLoop(_ target: ExprID, _ iter: ExprID, _ body: [StmtID], _ orelse: [StmtID], _ typeComment: String?) {
        w("target="); expr(target)
        w(", iter="); expr(iter)
        w(", body="); stmts(body)
        w(", orelse="); stmts(orelse)
        optStr("type_comment=", typeComment)
    }

    mutating func withStmt(_ items: [WithItem], _ body: [StmtID], _ typeComment: String?) {
        w("items=[")
        for (i, item) in items.enumerated() {
            if i > 0 { w(", ") }
            w("withitem(context_expr="); expr(item.contextExpr)
            optExpr("optional_vars=", item.optionalVars)
            w(")")
        }
        w("], body="); stmts(body)
        optStr("type_comment=", typeComment)
    }

    mutating func tryStmt(_ body: [StmtID], _ handlers: [ExceptHandler], _ orelse: [StmtID], _ finalbody: [StmtID]) {
        w("body="); stmts(body)
        w(", handlers=[")
        for (i, h) in handlers.enumerated() {
            if i > 0 { w(", ") }
            w("ExceptHandler(")
            if let type = h.type { w("type="); expr(type); w(", ") }
            if let name = h.name { w("name="); str(name); w(", ") }
            w("body="); stmts(h.body)
            pos(h.range)
            w(")")
        }
        w("], orelse="); stmts(orelse)
        w(", finalbody="); stmts(finalbody)
    }

    mutating func aliases(_ names: [Alias]) {
        w("[")
        for (i, a) in names.enumerated() {
            if i > 0 { w(", ") }
            w("alias(name="); str(a.name)
            optStr("asname=", a.asname)
            pos(a.range)
            w(")")
        }
        w("]")
    }

    mutating func keywords(_ ks: [Keyword]) {
        w("[")
        for (i, k) in ks.enumerated() {
            if i > 0 { w(", ") }
            w("keyword(")
            if let arg = k.arg { w("arg="); str(arg); w(", ") }
            w("value="); expr(k.value)
            pos(k.range)
            w(")")
        }
        w("]")
    }

    mutating func typeParams(_ ps: [TypeParam]) {
        w("[")
        for (i, p) in ps.enumerated() {
            if i > 0 { w(", ") }
            switch p.kind {
            case .typeVar(let bound):
                w("TypeVar(name="); str(p.name)
                optExpr("bound=", bound)
            case .paramSpec:
                w("ParamSpec(name="); str(p.name)
            case .typeVarTuple:
                w("TypeVarTuple(name="); str(p.name)
            }
            optExpr("default_value=", p.defaultValue)
            pos(p.range)
            w(")")
        }
        w("]")
    }

    mutating func arg(_ a: Arg) {
        w("arg(arg="); str(a.arg)
        optExpr("annotation=", a.annotation)
        optStr("type_comment=", a.typeComment)
        pos(a.range)
        w(")")
    }

    mutating func argList(_ list: [Arg]) {
        w("[")
        for (i, a) in list.enumerated() {
            if i > 0 { w(", ") }
            arg(a)
        }
        w("]")
    }

    mutating func arguments(_ id: ArgumentsID) {
        let a = tree[id]
        w("arguments(posonlyargs="); argList(a.posonlyargs)
        w(", args="); argList(a.args)
        if let v = a.vararg { w(", vararg="); arg(v) }
        w(", kwonlyargs="); argList(a.kwonlyargs)
        w(", kw_defaults="); optExprs(a.kwDefaults)
        if let k = a.kwarg { w(", kwarg="); arg(k) }
        w(", defaults="); exprs(a.defaults)
        w(")")
    }

    // MARK: Expressions

    mutating func comprehensions(_ gens: [Comprehension]) {
        w("[")
        for (i, g) in gens.enumerated() {
            if i > 0 { w(", ") }
            w("comprehension(target="); expr(g.target)
            w(", iter="); expr(g.iter)
            w(", ifs="); exprs(g.ifs)
            w(g.isAsync ? ", is_async=1)" : ", is_async=0)")
        }
        w("]")
    }

    mutating func expr(_ id: ExprID) {
        let e = tree[id]
        switch e.kind {
        case .boolOp(let op, let values):
            w(op == .and ? "BoolOp(op=And(), values=" : "BoolOp(op=Or(), values=")
            exprs(values)
        case .namedExpr(let target, let value):
            w("NamedExpr(target="); expr(target)
            w(", value="); expr(value)
        case .binOp(let left, let op, let right):
            w("BinOp(left="); expr(left)
            w(", op="); binOp(op)
            w(", right="); expr(right)
        case .unaryOp(let op, let operand):
            switch op {
            case .invert: w("UnaryOp(op=Invert(), operand=")
            case .not: w("UnaryOp(op=Not(), operand=")
            case .uAdd: w("UnaryOp(op=UAdd(), operand=")
            case .uSub: w("UnaryOp(op=USub(), operand=")
            }
            expr(operand)
        case .lambda(let args, let body):
            w("Lambda(args="); arguments(args)
            w(", body="); expr(body)
        case .ifExp(let test, let body, let orelse):
            w("IfExp(test="); expr(test)
            w(", body="); expr(body)
            w(", orelse="); expr(orelse)
        case .dict(let keys, let values):
            w("Dict(keys="); optExprs(keys)
            w(", values="); exprs(values)
        case .set(let elts):
            w("Set(elts="); exprs(elts)
        case .listComp(let elt, let generators):
            w("ListComp(elt="); expr(elt)
            w(", generators="); comprehensions(generators)
        case .setComp(let elt, let generators):
            w("SetComp(elt="); expr(elt)
            w(", generators="); comprehensions(generators)
        case .dictComp(let key, let value, let generators):
            w("DictComp(key="); expr(key)
            w(", value="); expr(value)
            w(", generators="); comprehensions(generators)
        case .generatorExp(let elt, let generators):
            w("GeneratorExp(elt="); expr(elt)
            w(", generators="); comprehensions(generators)
        case .await(let value):
            w("Await(value="); expr(value)
        case .yield(let value):
            w("Yield(")
            if let value { w("value="); expr(value) }
            pos(e.range, first: value == nil); w(")"); return
        case .yieldFrom(let value):
            w("YieldFrom(value="); expr(value)
        case .compare(let left, let ops, let comparators):
            w("Compare(left="); expr(left)
            w(", ops=[")
            for (i, op) in ops.enumerated() {
                if i > 0 { w(", ") }
                cmpOp(op)
            }
            w("], comparators="); exprs(comparators)
        case .call(let fn, let args, let keywords):
            w("Call(func="); expr(fn)
            w(", args="); exprs(args)
            w(", keywords="); self.keywords(keywords)
        case .formattedValue(let value, let conversion, let formatSpec):
            w("FormattedValue(value="); expr(value)
            w(", conversion="); int(conversion)
            optExpr("format_spec=", formatSpec)
        case .interpolation(let value, let text, let conversion, let formatSpec):
            w("Interpolation(value="); expr(value)
            w(", str="); str(text)
            w(", conversion="); int(conversion)
            optExpr("format_spec=", formatSpec)
        case .joinedStr(let values):
            w("JoinedStr(values="); exprs(values)
        case .templateStr(let values):
            w("TemplateStr(values="); exprs(values)
        case .constant(let value, let kind):
            w("Constant(value=")
            if !tree.surrogateStrings.isEmpty, let wtf8 = tree.surrogateStrings[id.index] {
                PythonRepr.appendWTF8String(wtf8, to: &out)
            } else {
                PythonRepr.appendConstant(value, to: &out)
            }
            optStr("kind=", kind)
        case .attribute(let value, let attr, let c):
            w("Attribute(value="); expr(value)
            w(", attr="); str(attr)
            ctx(c)
        case .subscript(let value, let slice, let c):
            w("Subscript(value="); expr(value)
            w(", slice="); expr(slice)
            ctx(c)
        case .starred(let value, let c):
            w("Starred(value="); expr(value)
            ctx(c)
        case .name(let id, let c):
            w("Name(id="); str(id)
            ctx(c)
        case .list(let elts, let c):
            w("List(elts="); exprs(elts)
            ctx(c)
        case .tuple(let elts, let c):
            w("Tuple(elts="); exprs(elts)
            ctx(c)
        case .slice(let lower, let upper, let step):
            w("Slice(")
            var first = true
            for (name, part) in [("lower=", lower), ("upper=", upper), ("step=", step)] {
                guard let part else { continue }
                if !first { w(", ") }
                out.append(contentsOf: name.utf8)
                expr(part)
                first = false
            }
            pos(e.range, first: first); w(")"); return
        }
        pos(e.range)
        w(")")
    }

    mutating func binOp(_ op: BinaryOperator) {
        switch op {
        case .add: w("Add()")
        case .sub: w("Sub()")
        case .mult: w("Mult()")
        case .matMult: w("MatMult()")
        case .div: w("Div()")
        case .mod: w("Mod()")
        case .pow: w("Pow()")
        case .lShift: w("LShift()")
        case .rShift: w("RShift()")
        case .bitOr: w("BitOr()")
        case .bitXor: w("BitXor()")
        case .bitAnd: w("BitAnd()")
        case .floorDiv: w("FloorDiv()")
        }
    }

    mutating func cmpOp(_ op: CompareOperator) {
        switch op {
        case .eq: w("Eq()")
        case .notEq: w("NotEq()")
        case .lt: w("Lt()")
        case .ltE: w("LtE()")
        case .gt: w("Gt()")
        case .gtE: w("GtE()")
        case .is: w("Is()")
        case .isNot: w("IsNot()")
        case .in: w("In()")
        case .notIn: w("NotIn()")
        }
    }

    // MARK: Patterns

    mutating func pattern(_ id: PatternID) {
        let p = tree[id]
        switch p.kind {
        case .matchValue(let value):
            w("MatchValue(value="); expr(value)
        case .matchSingleton(let value):
            w("MatchSingleton(value="); PythonRepr.appendConstant(value, to: &out)
        case .matchSequence(let ps):
            w("MatchSequence(patterns="); patterns(ps)
        case .matchMapping(let keys, let ps, let rest):
            w("MatchMapping(keys="); exprs(keys)
            w(", patterns="); patterns(ps)
            optStr("rest=", rest)
        case .matchClass(let cls, let ps, let kwdAttrs, let kwdPatterns):
            w("MatchClass(cls="); expr(cls)
            w(", patterns="); patterns(ps)
            w(", kwd_attrs="); names(kwdAttrs)
            w(", kwd_patterns="); patterns(kwdPatterns)
        case .matchStar(let name):
            w("MatchStar(")
            if let name { w("name="); str(name) }
            pos(p.range, first: name == nil); w(")"); return
        case .matchAs(let sub, let name):
            w("MatchAs(")
            var first = true
            if let sub { w("pattern="); pattern(sub); first = false }
            if let name {
                if !first { w(", ") }
                w("name="); str(name); first = false
            }
            pos(p.range, first: first); w(")"); return
        case .matchOr(let ps):
            w("MatchOr(patterns="); patterns(ps)
        }
        pos(p.range)
        w(")")
    }
}
