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
        context.project.firstBase(of: type) { FastAPI.bodyModelBases.contains($0) ? true : nil } ?? false
    }
}
