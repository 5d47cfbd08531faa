import PythonSemantics
import PythonSyntax

/// FastAPI's dependencies (`Depends(common_parameters)`, `Security(...)`): FastAPI fills a
/// dependency function's parameters from the request as it does a route's, and hands what it
/// returns to the parameter that declared it, so
/// `async def read_items(commons: Annotated[dict, Depends(common_parameters)])` receives
/// request data when `common_parameters(q: str | None = None)` returns its `q`. The declaring
/// parameter is then filled as a call would fill it: a call-site fact, with the sink kinds the
/// dependency's return value was sanitized for (`return html.escape(term)`).
package enum FastAPIDependencies {
    /// The project functions named in `Depends(f)` / `Security(f)` anywhere in modules that
    /// import FastAPI (parameter defaults, `Annotated` metadata, `dependencies=[...]`).
    package static func functions(_ models: [SemanticModel], project: ProjectIndex) -> Set<String> {
        var out: Set<String> = []
        for model in models where Taint.importsModule(FastAPI.model.packages, model) {
            let tree = model.tree
            for index in tree.exprs.indices {
                guard case .call(let function, let args, let keywords) = tree.exprs[index].kind,
                      let name = model.qualifiedName(of: function), isMarker(name),
                      let dependency = args.first ?? keywords.first(where: { $0.arg == "dependency" })?.value,
                      let written = model.qualifiedName(of: dependency), project.classes[project.canonicalName(written)] == nil,
                      let target = project.resolveFunction(written) else { continue }
                out.insert(target)
            }
        }
        return out
    }

    /// `fastapi.Depends`, `fastapi.params.Depends`, `fastapi.Security`, ...
    package static func isMarker(_ qualifiedName: String) -> Bool {
        qualifiedName.hasPrefix("fastapi.") && FastAPI.dependencyMarkers.contains(String(qualifiedName.split(separator: ".").last ?? ""))
    }

    /// The facts one module contributes: each parameter of a route or dependency declared with
    /// `Depends(f)` receives the request data `f` returns (its return summary's origin).
    package static func parameterFacts(_ context: FlowContext) -> TaintFacts {
        var facts = TaintFacts()
        guard !context.taintFacts.returns.isEmpty, Taint.importsModule(FastAPI.model.packages, context) else { return facts }
        for (index, scope) in context.model.scopes.enumerated() where scope.kind == .function {
            guard case .statement(let stmt) = scope.node else { continue }
            let def: FunctionDef
            switch context.tree[stmt].kind {
            case .functionDef(let d), .asyncFunctionDef(let d): def = d
            default: continue
            }
            guard case .fastapi? = Taint.RouteKind.of(stmt, context) ?? Taint.dependencyRoute(ScopeID(Int32(index)), context) else { continue }
            for arg in context.tree.parameters(of: def.args) {
                guard let target = Taint.dependency(of: arg, in: stmt, context),
                      var remote = context.taintFacts.returns[target]?.origin else { continue }
                // A proof of concept goes to the route that declared the dependency.
                if remote.route == nil, let route = context.route(of: stmt) {
                    remote = RemoteOrigin(framework: remote.framework, field: remote.field, isStructured: remote.isStructured,
                                          sourceText: remote.sourceText, caller: remote.caller, path: remote.path, line: remote.line,
                                          route: route, input: remote.input, cleared: remote.cleared)
                }
                facts.record(remote, function: scope.qualifiedName, parameter: arg.arg)
            }
        }
        return facts
    }
}

extension Taint {
    /// A FastAPI dependency function is routed as its routes are: its parameters are request data.
    package static func dependencyRoute(_ function: ScopeID, _ context: FlowContext) -> RouteKind? {
        context.taintFacts.dependencies.contains(context.model[function].qualifiedName) ? .fastapi : nil
    }

    /// Does the parameter declare a dependency (`Depends(f)`, as its default or in
    /// `Annotated[..., Depends(f)]`)? Such a parameter is not request data itself: it holds
    /// what `f` returns (`FastAPIDependencies.parameterFacts`).
    package static func declaresDependency(_ arg: Arg, of function: StmtID, _ context: FlowContext) -> Bool {
        fastAPIMarkers(arg, of: function, context).contains { marker in
            guard let call = context.call(marker), let name = call.name ?? context.tree.dottedName(call.function) else { return false }
            return FastAPI.dependencyMarkers.contains(String(name.split(separator: ".").last ?? ""))
        }
    }

    /// The project function a parameter's `Depends(f)` names.
    package static func dependency(of arg: Arg, in function: StmtID, _ context: FlowContext) -> String? {
        for marker in fastAPIMarkers(arg, of: function, context) {
            guard let call = context.call(marker), let name = call.name, FastAPIDependencies.isMarker(name),
                  let dependency = call.argument(0, "dependency"), let qualified = context.qualifiedName(dependency) else { continue }
            return context.project.resolveFunction(qualified)
        }
        return nil
    }
}
