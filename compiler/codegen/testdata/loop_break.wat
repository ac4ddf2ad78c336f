(module
 (type $0 (func (param i32 i32)))
 (type $1 (func (param i32)))
 (type $2 (func (param i32) (result i32)))
 (type $3 (func (result i32)))
 (type $4 (func (param i32 i32 i32)))
 (type $5 (func))
 (import "silk" "revert" (func $silk.revert (param i32 i32)))
 (import "silk" "input_size" (func $silk.input_size (result i32)))
 (import "silk" "input_read" (func $silk.input_read (param i32 i32 i32)))
 (import "silk" "value" (func $silk.value (param i32)))
 (import "silk" "return" (func $silk.return (param i32 i32)))
 (global $heap (mut i32) (i32.const 344))
 (memory $0 1 65536)
 (data $0 (i32.const 256) "cs\9d\\\16\00\00\00silk: unknown selector")
 (data $1 (i32.const 288) "cs\9d\\\11\00\00\00silk: not payable")
 (data $2 (i32.const 320) "cs\9d\\\0f\00\00\00silk: bad input")
 (export "call" (func $call))
 (func $rt.panic (param $0 i32)
  (i32.store
   (i32.const 64)
   (i32.const 1778168107)
  )
  (i32.store offset=4
   (i32.const 64)
   (local.get $0)
  )
  (call $silk.revert
   (i32.const 64)
   (i32.const 8)
  )
  (unreachable)
 )
 (func $L.f (param $0 i32) (result i32)
  (local $1 i32)
  (local $2 i32)
  (local $3 i32)
  (local $4 i32)
  (local $5 i32)
  (local $6 i32)
  (local.set $1
   (i32.const 0)
  )
  (local.set $2
   (i32.const 0)
  )
  (local.set $3
   (local.get $0)
  )
  (block $brk0
   (loop $topbrk0
    (br_if $brk0
     (i32.ge_u
      (local.get $2)
      (local.get $3)
     )
    )
    (block $cont0
     (if
      (i32.eq
       (local.get $2)
       (i32.const 5)
      )
      (then
       (br $brk0)
      )
     )
     (local.set $1
      (block (result i32)
       (local.set $4
        (local.get $1)
       )
       (local.set $5
        (local.get $2)
       )
       (local.set $6
        (i32.add
         (local.get $4)
         (local.get $5)
        )
       )
       (if
        (i32.gt_u
         (local.get $6)
         (i32.const 65535)
        )
        (then
         (call $rt.panic
          (i32.const 17)
         )
         (unreachable)
        )
       )
       (local.get $6)
      )
     )
    )
    (local.set $2
     (i32.add
      (local.get $2)
      (i32.const 1)
     )
    )
    (br $topbrk0)
   )
  )
  (return
   (local.get $1)
  )
  (unreachable)
 )
 (func $alloc (param $0 i32) (result i32)
  (local $1 i32)
  (local $2 i32)
  (local.set $1
   (global.get $heap)
  )
  (local.set $2
   (i32.and
    (i32.add
     (i32.add
      (local.get $1)
      (local.get $0)
     )
     (i32.const 7)
    )
    (i32.const -8)
   )
  )
  (if
   (i32.lt_u
    (local.get $2)
    (local.get $1)
   )
   (then
    (call $rt.panic
     (i32.const 65)
    )
    (unreachable)
   )
  )
  (if
   (i32.gt_u
    (local.get $2)
    (i32.mul
     (memory.size)
     (i32.const 65536)
    )
   )
   (then
    (if
     (i32.eq
      (memory.grow
       (i32.sub
        (i32.shr_u
         (i32.add
          (local.get $2)
          (i32.const 65535)
         )
         (i32.const 16)
        )
        (memory.size)
       )
      )
      (i32.const -1)
     )
     (then
      (call $rt.panic
       (i32.const 65)
      )
      (unreachable)
     )
    )
   )
  )
  (global.set $heap
   (local.get $2)
  )
  (local.get $1)
 )
 (func $call
  (local $0 i32)
  (local $1 i32)
  (local $2 i32)
  (local $3 i32)
  (local $4 i32)
  (local $5 i32)
  (local $6 i32)
  (local.set $0
   (call $silk.input_size)
  )
  (local.set $1
   (call $alloc
    (local.get $0)
   )
  )
  (call $silk.input_read
   (local.get $1)
   (i32.const 0)
   (local.get $0)
  )
  (if
   (i32.lt_u
    (local.get $0)
    (i32.const 4)
   )
   (then
    (call $silk.revert
     (i32.const 256)
     (i32.const 30)
    )
    (unreachable)
   )
  )
  (local.set $2
   (i32.load align=1
    (local.get $1)
   )
  )
  (if
   (i32.eq
    (local.get $2)
    (i32.const 422007715)
   )
   (then
    (local.set $3
     (call $alloc
      (i32.const 32)
     )
    )
    (call $silk.value
     (local.get $3)
    )
    (if
     (i32.eqz
      (i64.eqz
       (i64.or
        (i64.or
         (i64.load align=1
          (local.get $3)
         )
         (i64.load offset=8 align=1
          (local.get $3)
         )
        )
        (i64.or
         (i64.load offset=16 align=1
          (local.get $3)
         )
         (i64.load offset=24 align=1
          (local.get $3)
         )
        )
       )
      )
     )
     (then
      (call $silk.revert
       (i32.const 288)
       (i32.const 25)
      )
      (unreachable)
     )
    )
    (if
     (i32.ne
      (local.get $0)
      (i32.const 6)
     )
     (then
      (call $silk.revert
       (i32.const 320)
       (i32.const 23)
      )
      (unreachable)
     )
    )
    (local.set $4
     (i32.load16_u offset=4 align=1
      (local.get $1)
     )
    )
    (local.set $5
     (call $L.f
      (local.get $4)
     )
    )
    (local.set $6
     (call $alloc
      (i32.const 2)
     )
    )
    (i32.store16 align=1
     (local.get $6)
     (local.get $5)
    )
    (block
     (call $silk.return
      (local.get $6)
      (i32.const 2)
     )
     (unreachable)
    )
   )
  )
  (block
   (call $silk.revert
    (i32.const 256)
    (i32.const 30)
   )
   (unreachable)
  )
 )
)
