"""A compiled call of a function by its address (the compiled loop's kernel calls, numba only).

``kcall(addrs, k, *args)`` calls the compiled function whose (signature tag, address) pair is
``addrs[2k], addrs[2k + 1]`` (an int64 array: :func:`pyhoc.sim.contract.kernel_addrs`) with
numba's own calling convention, as numba calls a first-class function's ``jit_addr``: the
callee is compiled and cached on its own (pyhoc.sim.contract's kernel modules), so the
caller neither links its code in nor optimises it again.  The callee returns an int64.  The
tag (:func:`tag`, of the argument types and the result) is the caller's types as numba typed
the call: a pair made for other types raises instead of calling (a wrong signature would
read the arguments wrongly).  A change of the lowering bumps pyhoc.sim.contract.KCALL_VERSION
(in the generated modules' text: their cache key).
"""
from __future__ import annotations

import hashlib

from numba.core import cgutils, types
from numba.extending import intrinsic

from .contract import ERROR_CODE


def tag(argtypes, restype=types.int64) -> int:
    """The signature tag of a function compiled for ``argtypes`` returning ``restype``."""
    text = '%s->%s' % (','.join(str(types.unliteral(a)) for a in argtypes),
                       types.unliteral(restype))
    return int(hashlib.sha256(text.encode()).hexdigest()[:15], 16)


def _kcall(caught: bool):
    """kcall's intrinsic; with ``caught`` an error the callee returns (a raise) becomes the
    result ERROR_CODE instead of passing on to the caller."""
    def kcall(typingctx, addrs, k, *args):
        args = args[0] if len(args) == 1 and isinstance(args[0], types.StarArgTuple) else args
        argtys = tuple(types.unliteral(a) for a in args)
        want = tag(argtys)
        sig = types.int64(addrs, types.intp, types.StarArgTuple.from_types(argtys))

        def codegen(context, builder, signature, llargs):
            ary = context.make_array(signature.args[0])(context, builder, llargs[0])
            i64 = context.get_value_type(types.int64)
            base = builder.bitcast(ary.data, i64.as_pointer())
            at = builder.mul(llargs[1], context.get_constant(types.intp, 2))
            have = builder.load(builder.gep(base, [at]))
            addr = builder.load(builder.gep(base, [builder.add(
                at, context.get_constant(types.intp, 1))]))
            bad = builder.icmp_unsigned('!=', have, i64(want))
            if caught:
                addr = builder.select(bad, i64(0), addr)
            else:
                with builder.if_then(bad, likely=False):
                    context.call_conv.return_user_exc(
                        builder, RuntimeError, ('pyhoc: a compiled call with types its '
                                                'callee was not compiled for',))
            values = [builder.extract_value(llargs[2], i) for i in range(len(argtys))]
            fnty = context.call_conv.get_function_type(types.int64, argtys)
            if not caught:
                fptr = builder.inttoptr(addr, fnty.as_pointer())
                status, res = context.call_conv.call_function(builder, fptr, types.int64,
                                                              argtys, values)
                with cgutils.if_unlikely(builder, status.is_error):
                    context.call_conv.return_status_propagate(builder, status)
                return res
            out = cgutils.alloca_once_value(builder, i64(ERROR_CODE))
            with builder.if_then(builder.icmp_unsigned('!=', addr, i64(0)), likely=True):
                fptr = builder.inttoptr(addr, fnty.as_pointer())
                status, res = context.call_conv.call_function(builder, fptr, types.int64,
                                                              argtys, values)
                builder.store(builder.select(status.is_error, i64(ERROR_CODE), res), out)
            return builder.load(out)

        return sig, codegen
    return kcall


kcall = intrinsic(_kcall(False))


def _caught():
    fn = _kcall(True)
    fn.__name__ = fn.__qualname__ = 'kcall_caught'
    return intrinsic(fn)


# kcall whose callee's raise (or a pair of other types) is the result ERROR_CODE: the compiled
# loop stops on it without a try block, which made numba's compile of the loop ten times
# slower (its liveness analysis over every call's exception edge: 8.6 s against 83 s)
kcall_caught = _caught()


@intrinsic
def call_at(typingctx, have, addr, ret, *args):
    """Call the function at address ``addr`` (numba's calling convention, as :func:`kcall`)
    with ``args``, returning type ``ret`` (a type given as a global): raises instead where
    ``have``, the callee's tag, is not the :func:`tag` of these argument types and ``ret``
    (pyhoc.sim.contract's run_c calling run_steps, each compiled on its own)."""
    args = args[0] if len(args) == 1 and isinstance(args[0], types.StarArgTuple) else args
    argtys = tuple(types.unliteral(a) for a in args)
    rty = ret.instance_type
    want = tag(argtys, rty)
    sig = rty(types.int64, types.int64, ret, types.StarArgTuple.from_types(argtys))

    def codegen(context, builder, signature, llargs):
        i64 = context.get_value_type(types.int64)
        with builder.if_then(builder.icmp_unsigned('!=', llargs[0], i64(want)), likely=False):
            context.call_conv.return_user_exc(
                builder, RuntimeError, ('pyhoc: a compiled call with types its callee was '
                                        'not compiled for',))
        values = [builder.extract_value(llargs[3], i) for i in range(len(argtys))]
        fnty = context.call_conv.get_function_type(rty, argtys)
        fptr = builder.inttoptr(llargs[1], fnty.as_pointer())
        status, res = context.call_conv.call_function(builder, fptr, rty, argtys, values)
        with cgutils.if_unlikely(builder, status.is_error):
            context.call_conv.return_status_propagate(builder, status)
        return res

    return sig, codegen


@intrinsic
def borrow(typingctx, x):
    """``x`` (an array or a typed List) without its reference: the same value with a null
    meminfo, so copying it (out of a List, into a call's arguments) counts no references
    (numba's atomic increments and decrements on every array of a record, every step).  The
    caller keeps the owner alive while the borrowed value is in use; a borrowed array keeps
    its ``parent`` (boxing it gives that NumPy array)."""
    if not isinstance(x, (types.Array, types.ListType)):
        return None

    def codegen(context, builder, signature, llargs):
        s = cgutils.create_struct_proxy(signature.args[0])(context, builder, value=llargs[0])
        s.meminfo = cgutils.get_null_value(s.meminfo.type)
        return s._getvalue()

    return x(x), codegen


def _borrowed(context, builder, ty, val):
    """``val`` of type ``ty`` with every array in it (through nested tuples) borrowed; any
    other refcounted item (a typed List) counted once more, as a new value's."""
    if isinstance(ty, types.Array):
        s = cgutils.create_struct_proxy(ty)(context, builder, value=val)
        s.meminfo = cgutils.get_null_value(s.meminfo.type)
        return s._getvalue()
    if isinstance(ty, types.BaseTuple):
        out = val
        for i, t in enumerate(ty.types):
            out = builder.insert_value(out, _borrowed(context, builder, t,
                                                      builder.extract_value(val, i)), i)
        return out
    context.nrt.incref(builder, ty, val)
    return val


@intrinsic
def borrow_all(typingctx, x):
    """``x`` (a tuple, nested or not, or an array) with every array in it borrowed (as
    :func:`borrow`): a compiled function that takes the model's tuples borrows them once at
    its start, so its kernel calls and tuple reads count no references (numba's atomic
    increment and decrement of each array at each use)."""
    if not isinstance(x, (types.Array, types.BaseTuple)):
        return None

    def codegen(context, builder, signature, llargs):
        return _borrowed(context, builder, signature.args[0], llargs[0])

    return x(x), codegen


@intrinsic
def items_of(typingctx, lst):
    """The item storage of typed List ``lst`` (for :func:`item_at`; valid while it is not
    resized)."""
    if not isinstance(lst, types.ListType):
        return None

    def codegen(context, builder, signature, llargs):
        from llvmlite import ir
        from numba.typed.listobject import _container_get_data, ll_list_type
        fnty = ir.FunctionType(cgutils.voidptr_t, [ll_list_type])
        fn = cgutils.get_or_insert_function(builder.module, fnty, 'numba_list_base_ptr')
        return builder.call(fn, [_container_get_data(context, builder, signature.args[0],
                                                     llargs[0])])

    return types.voidptr(lst), codegen


@intrinsic
def item_at(typingctx, base, lst, i):
    """Item ``i`` of the typed List ``lst`` whose item storage is ``base`` (:func:`items_of`),
    read in place: no bounds check, no call, no copy of the whole item (a List's getitem
    makes two C calls and copies the item through an Optional)."""
    if not isinstance(lst, types.ListType):
        return None
    ity = lst.item_type

    def codegen(context, builder, signature, llargs):
        model = context.data_model_manager[ity]
        p = builder.bitcast(llargs[0], context.get_data_type(ity).as_pointer())
        val = model.load_from_data_pointer(builder, cgutils.gep(builder, p, llargs[2]))
        context.nrt.incref(builder, ity, val)
        return val

    return ity(base, lst, types.intp), codegen


def _pointer_sig(dtype, addr):
    def codegen(context, builder, signature, llargs):
        return builder.inttoptr(llargs[0], context.get_value_type(signature.return_type))

    return types.CPointer(dtype)(addr), codegen


@intrinsic
def f8_pointer(typingctx, addr):
    """Address ``addr`` (an int64) as a float64 pointer (numba.carray's argument)."""
    return _pointer_sig(types.float64, addr)


@intrinsic
def i8_pointer(typingctx, addr):
    """Address ``addr`` as an int64 pointer."""
    return _pointer_sig(types.int64, addr)


@intrinsic
def b1_pointer(typingctx, addr):
    """Address ``addr`` as a boolean pointer (NumPy's one-byte bool)."""
    return _pointer_sig(types.boolean, addr)


def _list_of(context, builder, listtype, addr):
    """The typed List whose meminfo is at address ``addr`` (an int64), its reference not
    counted."""
    from numba.typed.listobject import ll_list_type
    mi = builder.inttoptr(addr, cgutils.voidptr_t)
    s = cgutils.create_struct_proxy(listtype)(context, builder)
    data = builder.bitcast(context.nrt.meminfo_data(builder, mi), ll_list_type.as_pointer())
    s.data = builder.load(data)
    s.meminfo = mi
    return s._getvalue()


@intrinsic
def list_keep(typingctx, lst):
    """Typed List ``lst`` kept alive past the call (one more reference) as an int64 handle:
    its meminfo's address (:func:`list_kept` reads it back, :func:`list_free` lets it go)."""
    if not isinstance(lst, types.ListType):
        return None

    def codegen(context, builder, signature, llargs):
        context.nrt.incref(builder, signature.args[0], llargs[0])
        s = cgutils.create_struct_proxy(signature.args[0])(context, builder, value=llargs[0])
        return builder.ptrtoint(s.meminfo, context.get_value_type(types.int64))

    return types.int64(lst), codegen


@intrinsic
def list_kept(typingctx, addr, listtyperef):
    """The List of handle ``addr`` (:func:`list_keep`), of type ``listtyperef``, as a new
    reference (the handle keeps its own)."""
    listtype = listtyperef.instance_type
    if not isinstance(listtype, types.ListType):
        return None

    def codegen(context, builder, signature, llargs):
        val = _list_of(context, builder, listtype, llargs[0])
        context.nrt.incref(builder, listtype, val)
        return val

    return listtype(addr, listtyperef), codegen


@intrinsic
def list_free(typingctx, addr, listtyperef):
    """Drop the reference of handle ``addr`` (:func:`list_keep`): the List and what it
    holds are freed unless used elsewhere."""
    listtype = listtyperef.instance_type
    if not isinstance(listtype, types.ListType):
        return None

    def codegen(context, builder, signature, llargs):
        context.nrt.decref(builder, listtype, _list_of(context, builder, listtype, llargs[0]))
        return context.get_dummy_value()

    return types.none(addr, listtyperef), codegen
