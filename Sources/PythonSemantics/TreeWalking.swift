import PythonSyntax

// Child enumeration over the arena tree, shared by the semantic builder, the rule engine and
// rules that need to look inside an expression (for example "does this string end up in a
// call"). Kept here rather than in PythonSyntax so the parser module stays the parser only.

extension SyntaxTree {
    /// The direct sub-expressions of `id`, in source order.
    public func childExprs(of id: ExprID) -> [ExprID] {
        switch self[id].kind {
        case .boolOp(_, let values): return values
        case .namedExpr(let target, let value): return [target, value]
        case .binOp(let left, _, let right): return [left, right]
        case .unaryOp(_, let operand): return [operand]
        case .lambda(let args, let body): return defaults(of: args) + [body]
        case .ifExp(let test, let body, let orelse): return [body, test, orelse]
        case .dict(let keys, let values):
            var out: [ExprID] = []
            for (index, value) in values.enumerated() {
                if index < keys.count, let key = keys[index] { out.append(key) }
                out.append(value)
            }
            return out
        case .set(let elts): return elts
        case .listComp(let elt, let generators), .setComp(let elt, let generators), .generatorExp(let elt, let generators):
            return [elt] + generators.flatMap { [$0.target, $0.iter] + $0.ifs }
        case .dictComp(let key, let value, let generators):
            return [key, value] + generators.flatMap { [$0.target, $0.iter] + $0.ifs }
        case .await(let value): return [value]
        case .yield(let value): return value.map { [$0] } ?? []
        case .yieldFrom(let value): return [value]
        case .compare(let left, _, let comparators): return [left] + comparators
        case .call(let function, let args, let keywords): return [function] + args + keywords.map(\.value)
        case .formattedValue(let value, _, let spec): return [value] + (spec.map { [$0] } ?? [])
        case .interpolation(let value, _, _, let spec): return [value] + (spec.map { [$0] } ?? [])
        case .joinedStr(let values), .templateStr(let values): return values
        case .constant: return []
        case .attribute(let value, _, _): return [value]
        case .subscript(let value, let slice, _): return [value, slice]
        case .starred(let value, _): return [value]
        case .name: return []
        case .list(let elts, _), .tuple(let elts, _): return elts
        case .slice(let lower, let upper, let step): return [lower, upper, step].compactMap { $0 }
        }
    }

    /// Default values of a parameter list (evaluated in the enclosing scope).
    public func defaults(of args: ArgumentsID) -> [ExprID] {
        let a = self[args]
        return a.defaults + a.kwDefaults.compactMap { $0 }
    }

    /// Every parameter of a parameter list, in declaration order.
    public func parameters(of args: ArgumentsID) -> [Arg] {
        let a = self[args]
        var out = a.posonlyargs + a.args
        if let v = a.vararg { out.append(v) }
        out += a.kwonlyargs
        if let k = a.kwarg { out.append(k) }
        return out
    }

    /// The parameter list's defaults paired with the parameter they belong to.
    public func parametersWithDefaults(of args: ArgumentsID) -> [(arg: Arg, value: ExprID)] {
        let a = self[args]
        var out: [(Arg, ExprID)] = []
        let positional = a.posonlyargs + a.args
        let offset = positional.count - a.defaults.count
        for (index, value) in a.defaults.enumerated() where offset + index >= 0 && offset + index < positional.count {
            out.append((positional[offset + index], value))
        }
        for (index, arg) in a.kwonlyargs.enumerated() where index < a.kwDefaults.count {
            if let value = a.kwDefaults[index] { out.append((arg, value)) }
        }
        return out
    }

    /// The statement lists directly inside `id` (bodies, else branches, handlers, cases).
    public func childBodies(of id: StmtID) -> [[StmtID]] {
        switch self[id].kind {
        case .functionDef(let def), .asyncFunctionDef(let def): return [def.body]
        case .classDef(let def): return [def.body]
        case .for(_, _, let body, let orelse, _), .asyncFor(_, _, let body, let orelse, _): return [body, orelse]
        case .while(_, let body, let orelse): return [body, orelse]
        case .if(_, let body, let orelse): return [body, orelse]
        case .with(_, let body, _), .asyncWith(_, let body, _): return [body]
        case .match(_, let cases): return cases.map(\.body)
        case .try(let body, let handlers, let orelse, let finalbody), .tryStar(let body, let handlers, let orelse, let finalbody):
            return [body] + handlers.map(\.body) + [orelse, finalbody]
        default: return []
        }
    }

    /// The string value of a `Constant` string node, or nil.
    public func stringLiteral(_ id: ExprID) -> String? {
        if case .constant(.str(let text), _) = self[id].kind { return text }
        return nil
    }

    /// The identifier of a `Name` node, or nil.
    public func nameIdentifier(_ id: ExprID) -> String? {
        if case .name(let name, _) = self[id].kind { return name }
        return nil
    }

    /// The dotted source form of a `Name`/`Attribute` chain (`a.b.c`), without resolving anything.
    public func dottedName(_ id: ExprID) -> String? {
        var parts: [String] = []
        var current = id
        for _ in 0..<64 {
            switch self[current].kind {
            case .name(let name, _):
                parts.append(name)
                return parts.reversed().joined(separator: ".")
            case .attribute(let value, let attr, _):
                parts.append(attr)
                current = value
            default:
                return nil
            }
        }
        return nil
    }
}
