import MsgsimCLI
import Foundation

exit(runMsgsim(arguments: Array(CommandLine.arguments.dropFirst())))
