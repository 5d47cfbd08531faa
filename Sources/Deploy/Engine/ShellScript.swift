/// A word of a shell command: its text with quotes and escapes removed (command and process
/// substitutions kept as written), and where it starts in the text it was read from.
struct ShellWord: Sendable, Hashable {
    var text: String
    /// Offset of the word's first character in the lexed text.
    var offset: Int
}

/// One simple command of a pipeline: `curl -fsSL https://x` in `curl -fsSL https://x | sh`.
struct ShellCommand: Sendable {
    var words: [ShellWord]

    /// Programs that run the command after them (`sudo pip install`, `env A=1 flask run`).
    static let wrappers: Set<String> = ["sudo", "env", "exec", "nohup", "time", "command", "doas", "su-exec", "gosu", "tini", "dumb-init"]

    /// The index of the program word: after `NAME=value` assignments and wrappers (with their options).
    var programIndex: Int? {
        var index = 0
        while index < words.count {
            let text = words[index].text
            if ShellCommand.isAssignment(text) || text == "--" { index += 1; continue }
            let name = ShellCommand.baseName(text)
            if ShellCommand.wrappers.contains(name) {
                index += 1
                // gosu/su-exec take a user before the command.
                if name == "gosu" || name == "su-exec", index < words.count { index += 1 }
                while index < words.count, words[index].text.hasPrefix("-") { index += 1 }
                continue
            }
            return index
        }
        return nil
    }

    /// The program's name without its folder (`/usr/local/bin/pip3` → `pip3`), lower-cased.
    var program: String? { programIndex.map { ShellCommand.baseName(words[$0].text).lowercased() } }

    /// The words after the program.
    var arguments: [ShellWord] { programIndex.map { Array(words[($0 + 1)...]) } ?? [] }

    /// `NAME=value` assignments before the program (`PIP_REQUIRE_HASHES=1 pip install ...`).
    var assignments: [String: String] {
        var out: [String: String] = [:]
        for word in words.prefix(programIndex ?? words.count) where ShellCommand.isAssignment(word.text) {
            let parts = word.text.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            out[String(parts[0])] = parts.count > 1 ? String(parts[1]) : ""
        }
        return out
    }

    static func isAssignment(_ text: String) -> Bool {
        guard let equals = text.firstIndex(of: "="), equals != text.startIndex else { return false }
        let name = text[..<equals]
        return name.first.map { $0.isLetter || $0 == "_" } == true && name.allSatisfy { $0.isLetter || $0.isNumber || $0 == "_" }
    }

    static func baseName(_ text: String) -> String {
        text.split(separator: "/").last.map(String.init) ?? text
    }
}

/// Commands joined by pipes: `curl https://x | sh`.
struct ShellPipeline: Sendable {
    var commands: [ShellCommand]
}

/// A POSIX shell reader that is enough for deploy checks: it splits a script into pipelines
/// (at `;`, `&&`, `||`, `&`, newlines and parentheses) and pipelines into commands (at `|`), and
/// commands into words, honouring quotes, escapes, comments and line continuations, so a `|`
/// inside quotes or a comment is not a pipe. Substitutions (`$(...)`, `` `...` ``, `<(...)`) stay
/// inside their word, as written.
enum ShellScript {
    static func pipelines(_ text: String) -> [ShellPipeline] { pipelines(Array(text)) }

    static func pipelines(_ text: [Character]) -> [ShellPipeline] {
        var pipelines: [ShellPipeline] = []
        var commands: [ShellCommand] = []
        var words: [ShellWord] = []
        var current = ""
        var start: Int?
        var index = 0

        func endWord() {
            if let begin = start { words.append(ShellWord(text: current, offset: begin)) }
            current = ""
            start = nil
        }
        func endCommand() {
            endWord()
            if !words.isEmpty { commands.append(ShellCommand(words: words)) }
            words = []
        }
        func endPipeline() {
            endCommand()
            if !commands.isEmpty { pipelines.append(ShellPipeline(commands: commands)) }
            commands = []
        }
        func begin() { if start == nil { start = index } }
        /// Appends the balanced `(...)` starting at `index` (an opening parenthesis) to the word.
        func takeBalanced() {
            var depth = 0
            var quote: Character?
            while index < text.count {
                let character = text[index]
                current.append(character)
                if let open = quote {
                    if character == open { quote = nil }
                } else if character == "'" || character == "\"" {
                    quote = character
                } else if character == "(" {
                    depth += 1
                } else if character == ")" {
                    depth -= 1
                    if depth == 0 { index += 1; return }
                }
                index += 1
            }
        }

        while index < text.count {
            let character = text[index]
            switch character {
            case " ", "\t", "\r":
                endWord()
                index += 1
            case "\n", ";":
                endPipeline()
                index += 1
            case "#" where start == nil:
                while index < text.count, text[index] != "\n" { index += 1 }
            case "\\":
                if index + 1 < text.count, text[index + 1] == "\n" {
                    index += 2  // a line continuation
                } else {
                    begin()
                    if index + 1 < text.count { current.append(text[index + 1]) }
                    index += 2
                }
            case "'":
                begin()
                index += 1
                while index < text.count, text[index] != "'" { current.append(text[index]); index += 1 }
                index += 1
            case "\"":
                begin()
                index += 1
                while index < text.count, text[index] != "\"" {
                    if text[index] == "\\", index + 1 < text.count, "\"\\$`\n".contains(text[index + 1]) {
                        if text[index + 1] != "\n" { current.append(text[index + 1]) }
                        index += 2
                    } else if text[index] == "$", index + 1 < text.count, text[index + 1] == "(" {
                        current.append("$")
                        index += 1
                        takeBalanced()
                    } else {
                        current.append(text[index])
                        index += 1
                    }
                }
                index += 1
            case "`":
                begin()
                current.append("`")
                index += 1
                while index < text.count, text[index] != "`" { current.append(text[index]); index += 1 }
                current.append("`")
                index += 1
            case "$" where index + 1 < text.count && text[index + 1] == "(",
                 "<" where index + 1 < text.count && text[index + 1] == "(",
                 ">" where index + 1 < text.count && text[index + 1] == "(":
                begin()
                current.append(character)
                index += 1
                takeBalanced()
            case "|":
                if index + 1 < text.count, text[index + 1] == "|" {
                    endPipeline()
                    index += 2
                } else {
                    endCommand()
                    index += 1
                    if index < text.count, text[index] == "&" { index += 1 }  // `|&`
                }
            case "&":
                if index + 1 < text.count, text[index + 1] == "&" {
                    endPipeline()
                    index += 2
                } else if start != nil, current.last == ">" || current.last == "<" {
                    current.append(character)  // `2>&1`
                    index += 1
                } else {
                    endPipeline()
                    index += 1
                }
            case "(", ")":
                endPipeline()
                index += 1
            default:
                begin()
                current.append(character)
                index += 1
            }
        }
        endPipeline()
        return pipelines
    }
}
