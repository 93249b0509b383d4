extension Recurrent {
    /// Columns `block · width ..< (block + 1) · width` of a matrix `[m, n]`, differentiably: one gate's
    /// block of a projection, a kernel or a bias row, in a cell's tape step.
    func columnBlock(_ matrix: Tensor, _ block: Int, width: Int) throws -> Tensor {
        let m = matrix.shape[0], n = matrix.shape[1], start = block * width
        return try matrix.gathering(flatIndices: (0..<m * width).map { i in i / width * n + start + i % width }, shape: [m, width])
    }
}
