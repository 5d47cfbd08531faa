import PythonSemantics
import PythonSyntax

/// What a FastAPI handler parameter's declaration says about the request part it is read from.
extension Taint {
    /// A FastAPI parameter's markers: its default (`= Header(None)`) and its `Annotated[str,
    /// Header()]` metadata.
    package static func fastAPIMarkers(_ arg: Arg, of function: StmtID, _ context: FlowContext) -> [ExprID] {
        let tree = context.tree
        var markers: [ExprID] = []
        switch tree[function].kind {
        case .functionDef(let def), .asyncFunctionDef(let def):
            if let value = tree.parametersWithDefaults(of: def.args).first(where: { $0.arg.arg == arg.arg })?.value { markers.append(value) }
        default:
            break
        }
        if let annotation = arg.annotation, case .subscript(let base, let slice, _) = tree[annotation].kind,
           tree.dottedName(base)?.hasSuffix("Annotated") == true, case .tuple(let elts, _) = tree[slice].kind {
            markers += elts.dropFirst()
        }
        return markers
    }

    /// Is the annotation (a qualified name) a Pydantic model of the project, which FastAPI
    /// reads from the JSON body (`note: NoteIn`)?
    package static func isBodyModel(_ type: String, _ context: FlowContext) -> Bool {
        context.project.firstBase(of: type) { FastAPI.bodyModelBases.contains($0) ? true : nil } ?? false
    }

    /// Types FastAPI converts a parameter to before the handler runs, whose values hold no text
    /// an attacker writes: numbers, truth values, UUIDs, dates, IP addresses (pydantic's
    /// constrained numbers too).
    package static let nonTextTypes: Set<String> = ["int", "float", "bool", "complex", "UUID", "UUID1", "UUID3", "UUID4", "UUID5", "date", "datetime",
                                            "time", "timedelta", "Decimal", "PositiveInt", "NegativeInt", "NonNegativeInt", "NonPositiveInt",
                                            "PositiveFloat", "NegativeFloat", "StrictInt", "StrictFloat", "StrictBool", "conint", "confloat",
                                            "condecimal", "IPv4Address", "IPv6Address", "IPvAnyAddress", "PastDate", "FutureDate"]
    package static let enumBases: Set<String> = ["enum.Enum", "enum.IntEnum", "enum.StrEnum", "enum.Flag", "enum.IntFlag", "Enum", "IntEnum", "StrEnum"]

    /// Is a handler parameter declared as a type that cannot carry text (`item_id: int`,
    /// `ref: uuid.UUID`, `Optional[int]`, `int | None`, `Annotated[int, Path()]`, an `Enum` of
    /// the project, `Literal["asc", "desc"]`)? FastAPI rejects any other value with a 422.
    package static func isNonTextAnnotation(_ annotation: ExprID, _ context: FlowContext, depth: Int = 0) -> Bool {
        guard depth < 6 else { return false }
        let tree = context.tree
        switch tree[annotation].kind {
        case .subscript(let base, let slice, _):
            let name = tree.dottedName(base).map { String($0.split(separator: ".").last ?? "") } ?? ""
            var parts: [ExprID] = [slice]
            if case .tuple(let elts, _) = tree[slice].kind { parts = elts }
            switch name {
            case "Annotated": return parts.first.map { isNonTextAnnotation($0, context, depth: depth + 1) } ?? false
            case "Optional": return parts.count == 1 && isNonTextAnnotation(parts[0], context, depth: depth + 1)
            case "Union": return !parts.isEmpty && parts.allSatisfy { isNone($0, context) || isNonTextAnnotation($0, context, depth: depth + 1) }
            case "Literal": return !parts.isEmpty && parts.allSatisfy { context.constant($0) != nil }
            default: return false
            }
        case .binOp(let left, .bitOr, let right):
            return [left, right].allSatisfy { isNone($0, context) || isNonTextAnnotation($0, context, depth: depth + 1) }
        case .call:
            // `conint(gt=0)`
            guard let name = context.call(annotation)?.name ?? tree.dottedName(context.call(annotation)!.function) else { return false }
            return nonTextTypes.contains(String(name.split(separator: ".").last ?? ""))
        default:
            guard let name = annotationName(annotation, context) else { return false }
            if nonTextTypes.contains(String(name.split(separator: ".").last ?? "")) { return true }
            return context.project.firstBase(of: name) { enumBases.contains($0) ? true : nil } ?? isLocalEnum(name, context)
        }
    }

    package static func isNone(_ expr: ExprID, _ context: FlowContext) -> Bool {
        if case .constant(.none, _) = context.tree[expr].kind { return true }
        return context.tree.dottedName(expr) == "None"
    }

    /// A class of this module derived from `enum.Enum` (for a scan with no project index).
    package static func isLocalEnum(_ name: String, _ context: FlowContext) -> Bool {
        let short = String(name.split(separator: ".").last ?? "")
        for stmt in context.tree.body {
            guard case .classDef(let def) = context.tree[stmt].kind, def.name == short else { continue }
            return def.bases.contains { base in
                let qualified = context.qualifiedName(base) ?? context.tree.dottedName(base) ?? ""
                return enumBases.contains(qualified)
            }
        }
        return false
    }
}
