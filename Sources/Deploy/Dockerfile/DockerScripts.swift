import Foundation

/// A shell script a `RUN` runs (its shell form, a `sh -c` exec form, or a heredoc the shell
/// reads), with where each character is in the Dockerfile, so findings point at the line that
/// holds the command.
struct DockerScript: Sendable {
    var instruction: DockerInstruction
    var text: [Character]
    var positions: [TextPosition]

    var pipelines: [ShellPipeline] { ShellScript.pipelines(text) }

    func position(of word: ShellWord) -> TextPosition {
        positions.isEmpty ? instruction.keywordPosition : positions[min(max(0, word.offset), positions.count - 1)]
    }
}

extension Dockerfile {
    /// The shell scripts of every `RUN` in `stage` (none after a `SHELL` that is not POSIX).
    func scripts(in stage: DockerStage) -> [DockerScript] {
        stage.instructions.filter { $0.keyword == "RUN" && stage.usesPOSIXShell(before: $0.index) }.flatMap(DockerScripts.scripts)
    }

    /// The shell scripts of every `RUN` in the file, with the stage each is in.
    var allScripts: [(stage: DockerStage, script: DockerScript)] {
        stages.flatMap { stage in scripts(in: stage).map { (stage, $0) } }
    }
}

enum DockerScripts {
    static let shells: Set<String> = ["sh", "bash", "ash", "dash", "zsh", "ksh"]

    static func scripts(of instruction: DockerInstruction) -> [DockerScript] {
        if let exec = instruction.execForm {
            // `RUN ["sh", "-c", "script"]` runs a script; other exec forms run one command.
            let program = ShellCommand.baseName(exec.first ?? "").lowercased()
            if shells.contains(program), let flag = exec.firstIndex(of: "-c"), flag + 1 < exec.count {
                let text = Array(exec[flag + 1])
                return [DockerScript(instruction: instruction, text: text, positions: Array(repeating: instruction.keywordPosition, count: text.count + 1))]
            }
            let text = Array(exec.map(quoted).joined(separator: " "))
            return [DockerScript(instruction: instruction, text: text, positions: Array(repeating: instruction.keywordPosition, count: text.count + 1))]
        }
        var scripts: [DockerScript] = []
        // The shell form, without the flags (`--mount=...`) and heredoc markers.
        var text = instruction.arguments
        var positions = instruction.positions
        let flagEnd = instruction.words().prefix { $0.text.hasPrefix("--") }.last.map { word in
            var end = word.offset
            while end < text.count, text[end] != " " && text[end] != "\t" { end += 1 }
            return end
        } ?? 0
        for index in 0..<flagEnd { text[index] = " " }
        let commandWords = ShellScript.pipelines(text).flatMap { $0.commands.flatMap(\.words) }
        let heredocOnly = !instruction.heredocs.isEmpty && (commandWords.first.map { $0.text.hasPrefix("<<") } ?? true)
        if !heredocOnly {
            if !instruction.heredocs.isEmpty {
                // `RUN <<EOF`-style markers are not words of the command.
                text = Array(String(text).replacingHeredocMarkers())
                positions = Array(positions.prefix(text.count + 1))
            }
            scripts.append(DockerScript(instruction: instruction, text: text, positions: positions))
        }
        // A heredoc is the script when the shell reads it (`RUN <<EOF`, `RUN bash <<EOF`) and it
        // does not start with a shebang of another interpreter.
        let program = ShellScript.pipelines(text).first?.commands.first?.program
        let shellReadsHeredoc = heredocOnly || program.map(shells.contains) == true
        for heredoc in instruction.heredocs where shellReadsHeredoc {
            if let shebang = heredoc.lines.first, shebang.hasPrefix("#!"),
               !shells.contains(where: { shebang.hasSuffix("/" + $0) || shebang.hasSuffix(" " + $0) }) { continue }
            var body: [Character] = []
            var bodyPositions: [TextPosition] = []
            for (offset, line) in heredoc.lines.enumerated() {
                for (column, character) in line.enumerated() {
                    body.append(character)
                    bodyPositions.append(TextPosition(line: heredoc.firstLine + offset, column: column + 1))
                }
                body.append("\n")
                bodyPositions.append(TextPosition(line: heredoc.firstLine + offset, column: line.count + 1))
            }
            bodyPositions.append(TextPosition(line: heredoc.firstLine + heredoc.lines.count, column: 1))
            scripts.append(DockerScript(instruction: instruction, text: body, positions: bodyPositions))
        }
        return scripts
    }

    /// A word of an exec form written so the shell reader keeps it one word.
    static func quoted(_ word: String) -> String {
        word.contains(where: { " \t|&;<>()$`\"'\\#".contains($0) }) ? "'" + word.replacingOccurrences(of: "'", with: "'\\''") + "'" : word
    }
}

extension String {
    /// The text with `<<EOF`-style heredoc markers blanked out (same length, so positions hold).
    func replacingHeredocMarkers() -> String {
        var characters = Array(self)
        for opener in DockerfileParser.heredocOpeners(characters) {
            for marker in ["<<-\"\(opener.delimiter)\"", "<<-'\(opener.delimiter)'", "<<-\(opener.delimiter)",
                           "<<\"\(opener.delimiter)\"", "<<'\(opener.delimiter)'", "<<\(opener.delimiter)"] {
                let needle = Array(marker)
                var index = 0
                var found = false
                while index + needle.count <= characters.count {
                    if characters[index..<(index + needle.count)].elementsEqual(needle) {
                        for blank in index..<(index + needle.count) { characters[blank] = " " }
                        found = true
                        break
                    }
                    index += 1
                }
                if found { break }
            }
        }
        return String(characters)
    }
}
