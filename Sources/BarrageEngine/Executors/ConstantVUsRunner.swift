/// `constant-vus`: every VU loops from the start until the window ends.
final class ConstantVUsRunner: ExecutorRunner {
    func begin(_ loop: any VUPool) {
        for index in 0..<loop.vuCount { loop.startIteration(index) }
    }

    func next(after index: Int, loop: any VUPool) -> ExecutorStep { .iterate }
}
