import ArgumentParser
import LanguageServer

struct ServerCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "server",
        abstract: "Runs a language server (LSP) over standard input and output, for editors.",
        discussion: """
        Speaks the Language Server Protocol on standard input and output (logs go to standard \
        error), like `ruff server`: an editor starts it and shows each open file's findings as \
        diagnostics, from the same scan as `taintline scan` run in the workspace folder (its \
        configuration, suppression comments and baseline), with unsaved text in place of the \
        files, so that flows across modules refresh as any file changes. Code actions apply a \
        rule's fix, add a `# taintline: ignore[ID] -- reason` comment, or open the rule's \
        documentation. Set-up for VS Code, Neovim and Helix: Docs/editors.md.
        """
    )

    func run() throws {
        throw ExitCode(LanguageServer().run())
    }
}
