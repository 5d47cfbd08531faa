import Dataflow
import PythonSemantics
import PythonSyntax

/// What a FastAPI handler parameter's declaration says about the request part it is read from.
extension RequestSources {
    /// A FastAPI parameter's markers: its default (`= Header(None)`) and its `Annotated[str,
    /// Header()]` metadata.
    static func fastAPIMarkers(_ arg: Arg, of function: StmtID, _ context: RuleContext) -> [ExprID] {
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
    static func isBodyModel(_ type: String, _ context: RuleContext) -> Bool {
        var pending = [type]
        var seen: Set<String> = []
        while let next = pending.popLast(), seen.count < 16 {
            let name = context.project.canonicalName(next)
            guard seen.insert(name).inserted, let summary = context.project.classes[name] else { continue }
            for base in summary.bases {
                if FastAPI.bodyModelBases.contains(base) { return true }
                pending.append(base)
            }
        }
        return false
    }
}
