;; A counter contract written directly against the host interface (docs/host.md).
;; `call` adds the u64 in the input (or 1 when the input is empty) to the stored count,
;; emits an event with the new count as data, and returns the new count (8 bytes, LE).
(module
  (import "silk" "input_size" (func $input_size (result i32)))
  (import "silk" "input_read" (func $input_read (param i32 i32 i32)))
  (import "silk" "storage_get" (func $storage_get (param i32 i32 i32 i32) (result i32)))
  (import "silk" "storage_set" (func $storage_set (param i32 i32 i32 i32)))
  (import "silk" "emit" (func $emit (param i32 i32 i32 i32)))
  (import "silk" "return" (func $return (param i32 i32)))
  (import "silk" "revert" (func $revert (param i32 i32)))
  (memory 1)
  ;; 0..5: the storage key; 32..64: the event topic; 64..72: count; 80..88: input
  (data (i32.const 0) "count")
  (data (i32.const 32) "Counted\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00")
  (data (i32.const 96) "input too long")
  (func (export "call")
    (local $add i64)
    (i64.store (i32.const 80) (i64.const 1))
    (if (i32.gt_u (call $input_size) (i32.const 8))
      (then (call $revert (i32.const 96) (i32.const 14))))
    (if (call $input_size)
      (then
        (i64.store (i32.const 80) (i64.const 0))
        (call $input_read (i32.const 80) (i32.const 0) (call $input_size))))
    (local.set $add (i64.load (i32.const 80)))
    ;; a missing key reads as -1 and leaves the buffer zero
    (drop (call $storage_get (i32.const 0) (i32.const 5) (i32.const 64) (i32.const 8)))
    (i64.store (i32.const 64) (i64.add (i64.load (i32.const 64)) (local.get $add)))
    (call $storage_set (i32.const 0) (i32.const 5) (i32.const 64) (i32.const 8))
    (call $emit (i32.const 32) (i32.const 1) (i32.const 64) (i32.const 8))
    (call $return (i32.const 64) (i32.const 8)))
)
