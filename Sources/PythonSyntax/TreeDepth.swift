#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Bounds the depth of syntax trees, as CPython does.
///
/// Left-associative chains (`a + b + ...`, `a.b.c...`, `f()()...`, `elif` chains) are built by
/// loops, so the parser's own recursion limit does not bound how deep the tree gets; but every
/// consumer of the tree (the dumper, the semantic model, the rules) walks it recursively.
/// CPython 3.11 refuses such trees too: converting the AST to Python objects stops with
/// `RecursionError: maximum recursion depth exceeded during ast construction` once a node
/// sits about 3,000 levels deep (the limit is 3 × `sys.getrecursionlimit()`, minus what the
/// caller already uses; called from a script's top level, nodes at depth 2,991 counting the `Module`
/// are accepted and 2,992 refused: `x = -...-1` with 2,988 minus signs parses, 2,989 does not).
enum TreeDepth {
    /// The deepest node accepted, counting the module as depth 1.
    static let maxNodeDepth = 2_991
    static let message = "maximum recursion depth exceeded during ast construction"

    /// Drops every top-level statement whose tree is deeper than `maxNodeDepth` (so no walker
    /// ever sees it) and returns the error for the first one.
    ///
    /// Nodes are stored children first (the parser adds a node after its children), so one
    /// pass in index order computes every subtree's height. A tree cannot be deeper than its
    /// node count, so small files skip the pass.
    static func enforce(_ tree: inout SyntaxTree) -> SyntaxError? {
        let nodeCount = tree.exprs.count + tree.stmts.count + tree.patterns.count + tree.arguments.count
        if nodeCount < maxNodeDepth { return nil }

        var eh = [Int32](repeating: 1, count: tree.exprs.count)
        @inline(__always) func h(_ id: ExprID?) -> Int32 {
            guard let id else { return 0 }
            let i = Int(id.index)
            return i < eh.count ? eh[i] : 0
        }
        @inline(__always) func h(_ ids: [ExprID]) -> Int32 {
            var m: Int32 = 0
            for id in ids { m = max(m, h(id)) }
            return m
        }
        @inline(__always) func h(_ ids: [ExprID?]) -> Int32 {
            var m: Int32 = 0
            for id in ids { m = max(m, h(id)) }
            return m
        }
        // `arguments` and `arg` are nodes of their own in CPython's tree.
        var ah = [Int32](repeating: 1, count: tree.arguments.count)
        func argsHeight(_ a: Arguments) -> Int32 {
            var m = max(h(a.defaults), h(a.kwDefaults))
            for arg in a.posonlyargs { m = max(m, h(arg.annotation) + 1) }
            for arg in a.args { m = max(m, h(arg.annotation) + 1) }
            for arg in a.kwonlyargs { m = max(m, h(arg.annotation) + 1) }
            if let v = a.vararg { m = max(m, h(v.annotation) + 1) }
            if let v = a.kwarg { m = max(m, h(v.annotation) + 1) }
            return m + 1
        }
        func generatorsHeight(_ gens: [Comprehension]) -> Int32 {
            var m: Int32 = 0
            for g in gens { m = max(m, max(h(g.target), h(g.iter), h(g.ifs)) + 1) }
            return m
        }
        // Arguments are added before the lambda or def that owns them.
        for i in 0..<tree.arguments.count { ah[i] = argsHeight(tree.arguments[i]) }
        @inline(__always) func h(_ id: ArgumentsID) -> Int32 {
            let i = Int(id.index)
            return i < ah.count ? ah[i] : 0
        }
        for i in 0..<tree.exprs.count {
            let c: Int32
            switch tree.exprs[i].kind {
            case .boolOp(_, let values): c = h(values)
            case .namedExpr(let t, let v): c = max(h(t), h(v))
            case .binOp(let l, _, let r): c = max(h(l), h(r))
            case .unaryOp(_, let v): c = h(v)
            case .lambda(let args, let body): c = max(h(args), h(body))
            case .ifExp(let t, let b, let o): c = max(h(t), h(b), h(o))
            case .dict(let keys, let values): c = max(h(keys), h(values))
            case .set(let elts): c = h(elts)
            case .listComp(let elt, let gens), .setComp(let elt, let gens), .generatorExp(let elt, let gens):
                c = max(h(elt), generatorsHeight(gens))
            case .dictComp(let k, let v, let gens): c = max(h(k), h(v), generatorsHeight(gens))
            case .await(let v): c = h(v)
            case .yield(let v): c = h(v)
            case .yieldFrom(let v): c = h(v)
            case .compare(let l, _, let comps): c = max(h(l), h(comps))
            case .call(let f, let args, let kws):
                var m = max(h(f), h(args))
                for k in kws { m = max(m, h(k.value) + 1) }
                c = m
            case .formattedValue(let v, _, let spec): c = max(h(v), h(spec))
            case .interpolation(let v, _, _, let spec): c = max(h(v), h(spec))
            case .joinedStr(let values), .templateStr(let values): c = h(values)
            case .constant, .name: c = 0
            case .attribute(let v, _, _): c = h(v)
            case .subscript(let v, let s, _): c = max(h(v), h(s))
            case .starred(let v, _): c = h(v)
            case .list(let elts, _), .tuple(let elts, _): c = h(elts)
            case .slice(let lo, let up, let st): c = max(h(lo), h(up), h(st))
            }
            eh[i] = c + 1
        }
        var ph = [Int32](repeating: 1, count: tree.patterns.count)
        @inline(__always) func h(_ id: PatternID?) -> Int32 {
            guard let id else { return 0 }
            let i = Int(id.index)
            return i < ph.count ? ph[i] : 0
        }
        func h(_ ids: [PatternID]) -> Int32 {
            var m: Int32 = 0
            for id in ids { m = max(m, h(id)) }
            return m
        }
        for i in 0..<tree.patterns.count {
            let c: Int32
            switch tree.patterns[i].kind {
            case .matchValue(let v): c = h(v)
            case .matchSingleton, .matchStar: c = 0
            case .matchSequence(let ps), .matchOr(let ps): c = h(ps)
            case .matchMapping(let keys, let ps, _): c = max(h(keys), h(ps))
            case .matchClass(let cls, let ps, _, let kps): c = max(h(cls), h(ps), h(kps))
            case .matchAs(let p, _): c = h(p)
            }
            ph[i] = c + 1
        }
        var sh = [Int32](repeating: 1, count: tree.stmts.count)
        func h(_ ids: [StmtID]) -> Int32 {
            var m: Int32 = 0
            for id in ids {
                let i = Int(id.index)
                if i < sh.count { m = max(m, sh[i]) }
            }
            return m
        }
        func h(_ params: [TypeParam]) -> Int32 {
            var m: Int32 = 0
            for p in params {
                var b: Int32 = 0
                if case .typeVar(let bound) = p.kind { b = h(bound) }
                m = max(m, max(b, h(p.defaultValue)) + 1)
            }
            return m
        }
        func h(_ handlers: [ExceptHandler]) -> Int32 {
            var m: Int32 = 0
            for x in handlers { m = max(m, max(h(x.type), h(x.body)) + 1) }
            return m
        }
        func h(_ items: [WithItem]) -> Int32 {
            var m: Int32 = 0
            for x in items { m = max(m, max(h(x.contextExpr), h(x.optionalVars)) + 1) }
            return m
        }
        for i in 0..<tree.stmts.count {
            let c: Int32
            switch tree.stmts[i].kind {
            case .functionDef(let f), .asyncFunctionDef(let f):
                c = max(h(f.args), h(f.body), h(f.decoratorList), h(f.returns), h(f.typeParams))
            case .classDef(let d):
                var m = max(h(d.bases), h(d.body), h(d.decoratorList), h(d.typeParams))
                for k in d.keywords { m = max(m, h(k.value) + 1) }
                c = m
            case .return(let v): c = h(v)
            case .delete(let ts): c = h(ts)
            case .assign(let ts, let v, _): c = max(h(ts), h(v))
            case .typeAlias(let n, let ps, let v): c = max(h(n), h(ps), h(v))
            case .augAssign(let t, _, let v): c = max(h(t), h(v))
            case .annAssign(let t, let a, let v, _): c = max(h(t), h(a), h(v))
            case .for(let t, let it, let b, let o, _), .asyncFor(let t, let it, let b, let o, _):
                c = max(h(t), h(it), h(b), h(o))
            case .while(let t, let b, let o), .if(let t, let b, let o): c = max(h(t), h(b), h(o))
            case .with(let items, let b, _), .asyncWith(let items, let b, _): c = max(h(items), h(b))
            case .match(let s, let cases):
                var m = h(s)
                for mc in cases { m = max(m, max(h(mc.pattern), h(mc.guardExpr), h(mc.body)) + 1) }
                c = m
            case .raise(let e, let cause): c = max(h(e), h(cause))
            case .try(let b, let hs, let o, let f), .tryStar(let b, let hs, let o, let f):
                c = max(h(b), h(hs), h(o), h(f))
            case .assert(let t, let m): c = max(h(t), h(m))
            case .expr(let v): c = h(v)
            case .import, .importFrom, .global, .nonlocal, .pass, .break, .continue: c = 0
            }
            sh[i] = c + 1
        }
        // The module is depth 1, so a top-level statement may be `maxNodeDepth - 1` high.
        var first: SyntaxError?
        var kept: [StmtID] = []
        kept.reserveCapacity(tree.body.count)
        for id in tree.body {
            let i = Int(id.index)
            if i < sh.count && sh[i] > Int32(maxNodeDepth - 1) {
                if first == nil {
                    let r = tree.stmts[i].range
                    first = SyntaxError(message: message, line: Int(r.lineno), column: Int(r.colOffset) + 1)
                }
            } else {
                kept.append(id)
            }
        }
        if first != nil { tree.body = kept }
        return first
    }
}

#if canImport(Glibc)
/// glibc's `pthread_getattr_np`, which the Glibc module does not export (it is a GNU
/// extension behind `_GNU_SOURCE`).
@_silgen_name("pthread_getattr_np")
private func gnuPthreadGetattr(_ thread: pthread_t, _ attr: UnsafeMutablePointer<pthread_attr_t>) -> Int32
#endif

/// The lowest address the current thread's stack may grow to before the parser gives up, with
/// room to spare for the frames between two checks. Nil when the platform does not say.
func stackFloorOfCurrentThread(margin: Int = 256 << 10) -> UInt? {
    #if canImport(Glibc)
    var attr = pthread_attr_t()
    guard gnuPthreadGetattr(pthread_self(), &attr) == 0 else { return nil }
    defer { pthread_attr_destroy(&attr) }
    var addr: UnsafeMutableRawPointer?
    var size = 0
    guard pthread_attr_getstack(&attr, &addr, &size) == 0, let addr, size > 2 * margin else { return nil }
    return UInt(bitPattern: addr) + UInt(margin)
    #elseif canImport(Darwin)
    let top = UInt(bitPattern: pthread_get_stackaddr_np(pthread_self()))
    let size = pthread_get_stacksize_np(pthread_self())
    guard size > 2 * margin else { return nil }
    return top - UInt(size) + UInt(margin)
    #else
    return nil
    #endif
}
