import Dataflow
import PythonSemantics
import PythonSyntax

/// FastAPI's dependencies (`Depends(common_parameters)`, `Security(...)`): FastAPI fills a
/// dependency function's parameters from the request as it does a route's, and hands what it
/// returns to the parameter that declared it, so
/// `async def read_items(commons: Annotated[dict, Depends(common_parameters)])` receives
/// request data when `common_parameters(q: str | None = None)` returns its `q`.
enum FastAPIDependencies {
    /// The project functions named in `Depends(f)` / `Security(f)` anywhere in modules that
    /// import FastAPI (parameter defaults, `Annotated` metadata, `dependencies=[...]`).
    static func functions(_ models: [SemanticModel], project: ProjectIndex) -> Set<String> {
        var out: Set<String> = []
        for model in models where RequestSources.importsModule(FastAPI.model.packages, model) {
            let tree = model.tree
            for index in tree.exprs.indices {
                guard case .call(let function, let args, let keywords) = tree.exprs[index].kind,
                      let name = model.qualifiedName(of: function), isMarker(name),
                      let dependency = args.first ?? keywords.first(where: { $0.arg == "dependency" })?.value,
                      let target = model.qualifiedName(of: dependency).flatMap({ project.resolveFunction($0) }),
                      project.classes[project.canonicalName(model.qualifiedName(of: dependency) ?? "")] == nil else { continue }
                out.insert(target)
            }
        }
        return out
    }

    /// `fastapi.Depends`, `fastapi.params.Depends`, `fastapi.Security`, ...
    static func isMarker(_ qualifiedName: String) -> Bool {
        qualifiedName.hasPrefix("fastapi.") && FastAPI.dependencyMarkers.contains(String(qualifiedName.split(separator: ".").last ?? ""))
    }
}

extension RequestSources {
    /// A FastAPI dependency function is routed as its routes are: its parameters are request data.
    static func dependencyRoute(_ function: ScopeID, _ context: RuleContext) -> RouteKind? {
        context.taintFacts.dependencies.contains(context.model[function].qualifiedName) ? .fastapi : nil
    }

    /// A route (or dependency) parameter declared with `Depends(f)`, as its default or in
    /// `Annotated[..., Depends(f)]`: the request data `f` returns, if any (`.some(nil)` when it
    /// returns none, such as `get_db`'s session); nil when the parameter has no such marker.
    static func dependencyParameter(_ arg: Arg, of function: StmtID, at expr: ExprID, _ context: RuleContext) -> RequestOrigin?? {
        for marker in fastAPIMarkers(arg, of: function, context) {
            guard let call = context.call(marker), let name = call.name ?? context.tree.dottedName(call.function),
                  FastAPI.dependencyMarkers.contains(String(name.split(separator: ".").last ?? "")) else { continue }
            guard let dependency = call.argument(0, "dependency"), let qualified = context.qualifiedName(dependency),
                  let target = context.project.resolveFunction(qualified), let remote = context.taintFacts.returns[target]?.origin else {
                return .some(nil)
            }
            // A proof of concept goes to the route that declared the dependency.
            let passed = RemoteOrigin(framework: remote.framework, field: remote.field, isStructured: remote.isStructured,
                                      sourceText: remote.sourceText, caller: remote.caller, path: remote.path, line: remote.line,
                                      route: remote.route ?? context.route(containing: expr), input: remote.input)
            return RequestOrigin(framework: remote.framework, field: remote.field, expr: expr, isStructured: remote.isStructured, remote: passed)
        }
        return nil
    }
}
