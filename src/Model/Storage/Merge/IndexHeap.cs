namespace MetricsServer.Model.Storage;

/// <summary>An order on input indexes, for <see cref="IndexHeap"/>; a struct so that the heap's calls inline.</summary>
internal interface IIndexOrder
{
    bool Less(int a, int b);
}

/// <summary>
/// A binary min-heap of input indexes kept in an array by its owner, for the k-way merges of series sets and of
/// samples. Ties are broken by the order's <see cref="IIndexOrder.Less"/>.
/// </summary>
internal static class IndexHeap
{
    public static void SiftUp<TOrder>(int[] heap, int j, TOrder order) where TOrder : struct, IIndexOrder
    {
        while (j > 0)
        {
            var parent = (j - 1) / 2;
            if (!order.Less(heap[j], heap[parent])) return;
            (heap[j], heap[parent]) = (heap[parent], heap[j]);
            j = parent;
        }
    }

    public static void SiftDown<TOrder>(int[] heap, int size, int j, TOrder order) where TOrder : struct, IIndexOrder
    {
        while (true)
        {
            var left = 2 * j + 1;
            if (left >= size) return;
            var smallest = left + 1 < size && order.Less(heap[left + 1], heap[left]) ? left + 1 : left;
            if (!order.Less(heap[smallest], heap[j])) return;
            (heap[j], heap[smallest]) = (heap[smallest], heap[j]);
            j = smallest;
        }
    }
}
