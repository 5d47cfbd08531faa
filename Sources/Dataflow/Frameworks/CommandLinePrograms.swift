import PythonSemantics
import PythonSyntax

/// Command-line programs: click commands and their options (also Typer, which builds on
/// click). Their parameters are what the person running the command typed: someone who
/// already has a shell on the machine, not a visitor of the web app.
public enum CommandLinePrograms {
    public static let clickCommands: Set<String> = ["click.command", "click.group", "click.decorators.command", "click.decorators.group"]
    public static let clickParameters: Set<String> = ["click.option", "click.argument", "click.decorators.option", "click.decorators.argument"]

    /// Is the local `expr` reads a parameter of a function that click fills from the command
    /// line (`@click.command` or `@click.option`/`@click.argument` among its decorators)?
    package static func isOptionParameter(_ expr: ExprID, _ model: SemanticModel) -> Bool {
        guard case .name = model.tree[expr].kind else { return false }
        let defs = model.reachingBindings(of: expr)
        return !defs.isEmpty && defs.allSatisfy { def in
            guard case .parameter(_, let owner) = model[def].kind, case .statement(let stmt) = model[owner].node else { return false }
            return model.decorators(of: stmt).contains { decorator in
                guard let name = decorator.qualifiedName else { return false }
                return clickCommands.contains(name) || clickParameters.contains(name)
            }
        }
    }
}
