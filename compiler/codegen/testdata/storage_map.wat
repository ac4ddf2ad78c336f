(module
 (type $0 (func (param i32)))
 (type $1 (func (param i32 i32)))
 (type $2 (func (param i32) (result i32)))
 (type $3 (func (param i32 i32 i32 i32) (result i32)))
 (type $4 (func (param i32 i32 i32 i32)))
 (type $5 (func (result i32)))
 (type $6 (func (param i32 i32 i32)))
 (type $7 (func))
 (import "silk" "revert" (func $silk.revert (param i32 i32)))
 (import "silk" "storage_get" (func $silk.storage_get (param i32 i32 i32 i32) (result i32)))
 (import "silk" "storage_set" (func $silk.storage_set (param i32 i32 i32 i32)))
 (import "silk" "input_size" (func $silk.input_size (result i32)))
 (import "silk" "input_read" (func $silk.input_read (param i32 i32 i32)))
 (import "silk" "value" (func $silk.value (param i32)))
 (import "silk" "return" (func $silk.return (param i32 i32)))
 (global $heap (mut i32) (i32.const 352))
 (memory $0 1 65536)
 (data $0 (i32.const 256) "M{o1N=3\f7")
 (data $1 (i32.const 264) "cs\9d\\\16\00\00\00silk: unknown selector")
 (data $2 (i32.const 296) "cs\9d\\\11\00\00\00silk: not payable")
 (data $3 (i32.const 328) "cs\9d\\\0f\00\00\00silk: bad input")
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
 (func $M.bump (param $0 i32)
  (local $1 i32)
  (local $2 i64)
  (local $3 i32)
  (local $4 i32)
  (local $5 i32)
  (local $6 i32)
  (local $7 i32)
  (local $8 i64)
  (local $9 i64)
  (local $10 i64)
  (local $11 i32)
  (local $12 i32)
  (local $13 i32)
  (local $14 i32)
  (local $15 i32)
  (local.set $1
   (local.get $0)
  )
  (block
   (local.set $2
    (block (result i64)
     (local.set $8
      (block (result i64)
       (local.set $5
        (local.get $1)
       )
       (local.set $4
        (i32.const 40)
       )
       (local.set $3
        (call $alloc
         (local.get $4)
        )
       )
       (memory.copy
        (local.get $3)
        (i32.const 256)
        (i32.const 8)
       )
       (local.set $6
        (i32.add
         (local.get $3)
         (i32.const 8)
        )
       )
       (memory.copy
        (local.get $6)
        (local.get $5)
        (i32.const 32)
       )
       (local.set $6
        (i32.add
         (local.get $6)
         (i32.const 32)
        )
       )
       (local.set $7
        (call $alloc
         (i32.const 8)
        )
       )
       (drop
        (call $silk.storage_get
         (local.get $3)
         (local.get $4)
         (local.get $7)
         (i32.const 8)
        )
       )
       (i64.load align=1
        (local.get $7)
       )
      )
     )
     (local.set $9
      (i64.const 1)
     )
     (local.set $10
      (i64.add
       (local.get $8)
       (local.get $9)
      )
     )
     (if
      (i64.lt_u
       (local.get $10)
       (local.get $8)
      )
      (then
       (call $rt.panic
        (i32.const 17)
       )
       (unreachable)
      )
     )
     (local.get $10)
    )
   )
   (local.set $13
    (local.get $1)
   )
   (local.set $12
    (i32.const 40)
   )
   (local.set $11
    (call $alloc
     (local.get $12)
    )
   )
   (memory.copy
    (local.get $11)
    (i32.const 256)
    (i32.const 8)
   )
   (local.set $14
    (i32.add
     (local.get $11)
     (i32.const 8)
    )
   )
   (memory.copy
    (local.get $14)
    (local.get $13)
    (i32.const 32)
   )
   (local.set $14
    (i32.add
     (local.get $14)
     (i32.const 32)
    )
   )
   (local.set $15
    (call $alloc
     (i32.const 8)
    )
   )
   (i64.store align=1
    (local.get $15)
    (local.get $2)
   )
   (call $silk.storage_set
    (local.get $11)
    (local.get $12)
    (local.get $15)
    (i32.const 8)
   )
  )
 )
 (func $call
  (local $0 i32)
  (local $1 i32)
  (local $2 i32)
  (local $3 i32)
  (local $4 i32)
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
     (i32.const 264)
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
    (i32.const -451123825)
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
       (i32.const 296)
       (i32.const 25)
      )
      (unreachable)
     )
    )
    (if
     (i32.ne
      (local.get $0)
      (i32.const 36)
     )
     (then
      (call $silk.revert
       (i32.const 328)
       (i32.const 23)
      )
      (unreachable)
     )
    )
    (local.set $4
     (i32.add
      (local.get $1)
      (i32.const 4)
     )
    )
    (call $M.bump
     (local.get $4)
    )
    (block
     (call $silk.return
      (i32.const 0)
      (i32.const 0)
     )
     (unreachable)
    )
   )
  )
  (block
   (call $silk.revert
    (i32.const 264)
    (i32.const 30)
   )
   (unreachable)
  )
 )
)
