import Dataflow
import PythonSemantics
import PythonSyntax

/// Where a value goes, for rules that judge a call by what its result is *for*: a hash that
/// becomes `cache_key` or `response["ETag"]` names something; one that becomes `signature`
/// protects something. The tree has no parent links, so the path is found from the simple
/// statement holding the expression down to it (only for the few calls a rule asks about).
extension RuleContext {
    /// The expressions a statement evaluates directly (not those of nested statements).
    func rootExprs(of stmt: StmtID) -> [ExprID] {
        switch tree[stmt].kind {
        case .assign(let targets, let value, _): return targets + [value]
        case .annAssign(let target, _, let value, _): return [target] + (value.map { [$0] } ?? [])
        case .augAssign(let target, _, let value): return [target, value]
        case .return(let value): return value.map { [$0] } ?? []
        case .expr(let value): return [value]
        case .if(let test, _, _), .while(let test, _, _): return [test]
        case .for(let target, let iter, _, _, _), .asyncFor(let target, let iter, _, _, _): return [target, iter]
        case .with(let items, _, _), .asyncWith(let items, _, _): return items.flatMap { [$0.contextExpr] + ($0.optionalVars.map { [$0] } ?? []) }
        case .assert(let test, let msg): return [test] + (msg.map { [$0] } ?? [])
        case .raise(let exc, let cause): return [exc, cause].compactMap { $0 }
        default: return []
        }
    }

    /// The expressions from a root of `stmt` down to `expr`, outermost first, `expr` last;
    /// empty when `expr` is not evaluated by `stmt` itself.
    func path(to expr: ExprID, in stmt: StmtID) -> [ExprID] {
        let range = tree[expr].range
        func holds(_ e: ExprID) -> Bool { tree[e].range.start <= range.start && tree[e].range.end >= range.end }
        guard var current = rootExprs(of: stmt).first(where: holds) else { return [] }
        var out = [current]
        var steps = 0
        while current != expr, steps < 64 {
            steps += 1
            guard let next = tree.childExprs(of: current).first(where: { $0 == expr || holds($0) }) else { return [] }
            out.append(next)
            current = next
        }
        return current == expr ? out : []
    }

    /// The words of every name the value of `expr` is given on its way out of its statement:
    /// the assignment target (`cache_key`, `response["ETag"]`), the keyword it is passed as
    /// (`etag=`), the call it is passed to (`cache.set`), the dict key it is stored under, the
    /// constant text it is joined with (`f"ratelimit:{...}"`), and for `return`, the function's
    /// name. Lower-case identifier words (`WebAuthSupport.words`).
    func destinationWords(of expr: ExprID) -> [String] {
        guard let stmt = statement(containing: expr) else { return [] }
        var names: [String] = []
        switch tree[stmt].kind {
        case .assign(let targets, _, _):
            names += targets.compactMap { assignedName($0) }
        case .annAssign(let target, _, _, _), .augAssign(let target, _, _):
            if let name = assignedName(target) { names.append(name) }
        case .return:
            if let scope = model.scope(of: stmt), let function = WebAuthSupport.enclosingFunctionName(scope, self) { names.append(function) }
        default:
            break
        }
        let chain = path(to: expr, in: stmt)
        for (parent, child) in zip(chain, chain.dropFirst()) {
            switch tree[parent].kind {
            case .call(let function, let args, let keywords):
                if let keyword = keywords.first(where: { $0.value == child }), let name = keyword.arg {
                    names.append(name)
                } else if args.contains(child) {
                    names.append(text(function, limit: 80))
                }
            case .dict(let keys, let values):
                if let index = values.firstIndex(of: child), index < keys.count, let key = keys[index], let name = string(key) { names.append(name) }
            case .subscript(let value, let slice, _) where slice == child:
                names.append(text(value, limit: 80))
            case .joinedStr(let values):
                names += values.compactMap { tree.stringLiteral($0) }
            case .binOp(let left, .add, let right), .binOp(let left, .mod, let right):
                let other = left == child ? right : left
                if let literal = string(other) { names.append(literal) }
            default:
                break
            }
        }
        return names.flatMap { WebAuthSupport.words($0) }
    }
}
