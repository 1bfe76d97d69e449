/// The stride of per-call and per-worker message slabs.

/// Messages per SQS batch call (SendMessageBatch, ReceiveMessage,
/// DeleteMessageBatch: at most 10 entries, docs/model.md §2.3): the stride
/// of every per-call and per-worker slab of message slots.
let batchStride = max(SQSLimits.maxBatchSize, SNSLimits.maxBatchSize)
