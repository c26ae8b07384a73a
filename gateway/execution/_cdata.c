/* The executor's data work in C: merging subgraph answers into the response being assembled,
 * finding the objects an entity fetch points at, and their representations in the usual case.
 * The same rules as `merge.py`, `paths.py` and `representations.py` (their Python is the
 * reference and the plain-Python path), without the reference counting mypyc's output does
 * around every dict read.  Used with the compiled hot path only (`gateway.native`).
 */

#define PY_SSIZE_T_CLEAN
#include <Python.h>

static PyObject *TYPENAME_KEY;    /* "__typename", interned */
static PyObject *NAME_ATTR;       /* "name" */
static PyObject *TYPE_NAME_ATTR;  /* "type_name" */
static PyTypeObject *ANY_INDEX;   /* gateway.plan.nodes.AnyIndex, given by `configure` */
static PyTypeObject *TYPE_CONDITION;

static int merge_lists(PyObject *target, PyObject *source);

/* `deep_merge`: `source` into `target` in place, objects key by key, lists of equal length by
 * index; a null never replaces a value, and a key `target` lacks is always added. */
static int
merge(PyObject *target, PyObject *source)
{
    if (Py_EnterRecursiveCall(" while merging subgraph data")) {
        return -1;
    }
    int failed = 0;
    Py_ssize_t position = 0;
    PyObject *key, *value;
    while (!failed && PyDict_Next(source, &position, &key, &value)) {
        PyObject *current = PyDict_GetItemWithError(target, key);
        if (current == NULL && PyErr_Occurred()) {
            failed = 1;
        }
        else if (current == NULL || current == Py_None || value == Py_None) {
            if (current == NULL || value != Py_None) {
                failed = PyDict_SetItem(target, key, value) < 0;
            }
        }
        else if (PyDict_CheckExact(current) && PyDict_CheckExact(value)) {
            Py_INCREF(current);
            Py_INCREF(value);
            failed = merge(current, value) < 0;
            Py_DECREF(value);
            Py_DECREF(current);
        }
        else if (PyList_CheckExact(current) && PyList_CheckExact(value)
                 && PyList_GET_SIZE(current) == PyList_GET_SIZE(value)) {
            Py_INCREF(current);
            Py_INCREF(value);
            failed = merge_lists(current, value) < 0;
            Py_DECREF(value);
            Py_DECREF(current);
        }
        else {
            failed = PyDict_SetItem(target, key, value) < 0;
        }
    }
    Py_LeaveRecursiveCall();
    return failed ? -1 : 0;
}

static int
merge_lists(PyObject *target, PyObject *source)
{
    Py_ssize_t size = PyList_GET_SIZE(source);
    for (Py_ssize_t index = 0; index < size && index < PyList_GET_SIZE(target); index++) {
        PyObject *current = PyList_GET_ITEM(target, index);
        PyObject *value = PyList_GET_ITEM(source, index);
        int failed = 0;
        Py_INCREF(current);
        Py_INCREF(value);
        if (PyDict_Check(current) && PyDict_Check(value)) {
            failed = merge(current, value) < 0;
        }
        else if (PyList_Check(current) && PyList_Check(value)
                 && PyList_GET_SIZE(current) == PyList_GET_SIZE(value)) {
            if (Py_EnterRecursiveCall(" while merging subgraph data")) {
                failed = 1;
            }
            else {
                failed = merge_lists(current, value) < 0;
                Py_LeaveRecursiveCall();
            }
        }
        else if (value != Py_None || current == Py_None) {
            Py_INCREF(value);
            PyList_SetItem(target, index, value); /* takes the reference */
        }
        Py_DECREF(value);
        Py_DECREF(current);
        if (failed) {
            return -1;
        }
    }
    return 0;
}

static PyObject *
deep_merge(PyObject *module, PyObject *const *args, Py_ssize_t nargs)
{
    if (nargs != 2 || !PyDict_Check(args[0]) || !PyDict_Check(args[1])) {
        PyErr_SetString(PyExc_TypeError, "deep_merge(target: dict, source: dict)");
        return NULL;
    }
    if (merge(args[0], args[1]) < 0) {
        return NULL;
    }
    Py_RETURN_NONE;
}

/* `executor._copy`: dicts and lists copied all the way down, leaves shared. */
static PyObject *
copy(PyObject *value)
{
    if (!PyDict_Check(value) && !PyList_Check(value)) {
        Py_INCREF(value);
        return value;
    }
    if (Py_EnterRecursiveCall(" while copying subgraph data")) {
        return NULL;
    }
    PyObject *out;
    if (PyList_Check(value)) {
        Py_ssize_t size = PyList_GET_SIZE(value);
        out = PyList_New(size);
        for (Py_ssize_t index = 0; out != NULL && index < size; index++) {
            PyObject *item = copy(PyList_GET_ITEM(value, index));
            if (item == NULL) {
                Py_CLEAR(out);
            }
            else {
                PyList_SET_ITEM(out, index, item);
            }
        }
    }
    else {
        out = PyDict_New();
        Py_ssize_t position = 0;
        PyObject *key, *item;
        while (out != NULL && PyDict_Next(value, &position, &key, &item)) {
            PyObject *copied = copy(item);
            if (copied == NULL || PyDict_SetItem(out, key, copied) < 0) {
                Py_CLEAR(out);
            }
            Py_XDECREF(copied);
        }
    }
    Py_LeaveRecursiveCall();
    return out;
}

static int
has_nested(PyObject *entity)
{
    Py_ssize_t position = 0;
    PyObject *key, *value;
    while (PyDict_Next(entity, &position, &key, &value)) {
        if (PyDict_Check(value) || PyList_Check(value)) {
            return 1;
        }
    }
    return 0;
}

/* merge_entities(entities, origins) -> list[int]: each entity that is a dict merged into the
 * objects it was asked for (into the first as it is; into the others as a copy when it holds
 * objects or lists, so that a later fetch merging into one does not write into all); the
 * indexes of entities that are neither a dict nor null are returned for the caller's errors. */
static PyObject *
merge_entities(PyObject *module, PyObject *const *args, Py_ssize_t nargs)
{
    if (nargs != 2 || !PyList_Check(args[0]) || !PyList_Check(args[1])
        || PyList_GET_SIZE(args[0]) != PyList_GET_SIZE(args[1])) {
        PyErr_SetString(PyExc_TypeError, "merge_entities(entities: list, origins: list)");
        return NULL;
    }
    PyObject *entities = args[0], *origins = args[1];
    PyObject *odd = PyList_New(0);
    if (odd == NULL) {
        return NULL;
    }
    for (Py_ssize_t index = 0; index < PyList_GET_SIZE(entities); index++) {
        PyObject *entity = PyList_GET_ITEM(entities, index);
        if (!PyDict_Check(entity)) {
            if (entity != Py_None) {
                PyObject *number = PyLong_FromSsize_t(index);
                if (number == NULL || PyList_Append(odd, number) < 0) {
                    Py_XDECREF(number);
                    goto fail;
                }
                Py_DECREF(number);
            }
            continue;
        }
        PyObject *objects = PyList_GET_ITEM(origins, index);
        if (!PyList_Check(objects) || PyList_GET_SIZE(objects) == 0) {
            PyErr_SetString(PyExc_TypeError, "each entity's origins are a non-empty list");
            goto fail;
        }
        Py_INCREF(entity);
        Py_INCREF(objects);
        int failed = 0;
        Py_ssize_t count = PyList_GET_SIZE(objects);
        int nested = count > 1 && has_nested(entity);
        for (Py_ssize_t at = 0; !failed && at < count; at++) {
            PyObject *target = PyList_GET_ITEM(objects, at);
            if (!PyDict_Check(target)) {
                PyErr_SetString(PyExc_TypeError, "an entity's origin is a dict");
                failed = 1;
                break;
            }
            Py_INCREF(target);
            if (at == 0 || !nested) {
                failed = merge(target, entity) < 0;
            }
            else {
                PyObject *copied = copy(entity);
                failed = copied == NULL || merge(target, copied) < 0;
                Py_XDECREF(copied);
            }
            Py_DECREF(target);
        }
        Py_DECREF(objects);
        Py_DECREF(entity);
        if (failed) {
            goto fail;
        }
    }
    return odd;
fail:
    Py_DECREF(odd);
    return NULL;
}

static int
extend_objects(PyObject *out, PyObject *values)
{
    if (Py_EnterRecursiveCall(" while finding objects")) {
        return -1;
    }
    int failed = 0;
    for (Py_ssize_t index = 0; !failed && index < PyList_GET_SIZE(values); index++) {
        PyObject *value = PyList_GET_ITEM(values, index);
        if (PyDict_CheckExact(value)) {
            failed = PyList_Append(out, value) < 0;
        }
        else if (PyList_CheckExact(value)) {
            failed = extend_objects(out, value) < 0;
        }
    }
    Py_LeaveRecursiveCall();
    return failed ? -1 : 0;
}

/* `paths.objects_at`: every object at `path` below `root`, in document order. */
static PyObject *
objects_at(PyObject *module, PyObject *const *args, Py_ssize_t nargs)
{
    if (nargs != 2 || !PyDict_Check(args[0]) || !PyTuple_Check(args[1])) {
        PyErr_SetString(PyExc_TypeError, "objects_at(root: dict, path: tuple)");
        return NULL;
    }
    if (ANY_INDEX == NULL) {
        PyErr_SetString(PyExc_RuntimeError, "objects_at before configure()");
        return NULL;
    }
    PyObject *path = args[1];
    PyObject *level = PyList_New(1);
    if (level == NULL) {
        return NULL;
    }
    Py_INCREF(args[0]);
    PyList_SET_ITEM(level, 0, args[0]);
    for (Py_ssize_t step_at = 0; step_at < PyTuple_GET_SIZE(path); step_at++) {
        PyObject *step = PyTuple_GET_ITEM(path, step_at);
        PyTypeObject *kind = Py_TYPE(step);
        if (kind == ANY_INDEX) {
            continue;
        }
        PyObject *out = PyList_New(0);
        if (out == NULL) {
            goto fail;
        }
        int failed = 0;
        Py_ssize_t size = PyList_GET_SIZE(level);
        if (kind == TYPE_CONDITION) {
            PyObject *wanted = PyObject_GetAttr(step, TYPE_NAME_ATTR);
            failed = wanted == NULL;
            for (Py_ssize_t index = 0; !failed && index < size; index++) {
                PyObject *obj = PyList_GET_ITEM(level, index);
                PyObject *typename = PyDict_GetItemWithError(obj, TYPENAME_KEY);
                int keep;
                if (typename == NULL && PyErr_Occurred()) {
                    failed = 1;
                    break;
                }
                if (typename == NULL || typename == Py_None || typename == wanted) {
                    keep = 1;
                }
                else {
                    keep = PyObject_RichCompareBool(typename, wanted, Py_EQ);
                    failed = keep < 0;
                }
                if (!failed && keep) {
                    failed = PyList_Append(out, obj) < 0;
                }
            }
            Py_XDECREF(wanted);
        }
        else {
            PyObject *key = PyObject_GetAttr(step, NAME_ATTR);
            failed = key == NULL;
            for (Py_ssize_t index = 0; !failed && index < size; index++) {
                PyObject *value = PyDict_GetItemWithError(PyList_GET_ITEM(level, index), key);
                if (value == NULL) {
                    failed = PyErr_Occurred() != NULL;
                }
                else if (PyDict_CheckExact(value)) {
                    failed = PyList_Append(out, value) < 0;
                }
                else if (PyList_CheckExact(value)) {
                    failed = extend_objects(out, value) < 0;
                }
            }
            Py_XDECREF(key);
        }
        Py_DECREF(level);
        level = out;
        if (failed) {
            goto fail;
        }
    }
    return level;
fail:
    Py_DECREF(level);
    return NULL;
}

/* `representations._collect_flat`: for `... on T { __typename k1 k2 }`, one representation per
 * distinct key values (in order of first occurrence) and the objects each came from.  Returns
 * (values, origins), or None when a key value cannot be hashed (an object or a list: the
 * Python path compares those as JSON). */
static PyObject *
collect_flat(PyObject *module, PyObject *const *args, Py_ssize_t nargs)
{
    if (nargs != 3 || !PyList_Check(args[0]) || !PyTuple_Check(args[2])) {
        PyErr_SetString(PyExc_TypeError, "collect_flat(objects: list, condition, keys: tuple)");
        return NULL;
    }
    PyObject *objects = args[0], *condition = args[1], *keys = args[2];
    Py_ssize_t key_count = PyTuple_GET_SIZE(keys);
    PyObject *index_of = PyDict_New();
    PyObject *values = PyList_New(0);
    PyObject *origins = PyList_New(0);
    PyObject *result = NULL;
    if (index_of == NULL || values == NULL || origins == NULL) {
        goto done;
    }
    for (Py_ssize_t at = 0; at < PyList_GET_SIZE(objects); at++) {
        PyObject *obj = PyList_GET_ITEM(objects, at);
        if (!PyDict_Check(obj)) {
            PyErr_SetString(PyExc_TypeError, "collect_flat: the objects are dicts");
            goto done;
        }
        PyObject *typename = PyDict_GetItemWithError(obj, TYPENAME_KEY);
        if (typename == NULL && PyErr_Occurred()) {
            goto done;
        }
        if (typename != NULL && typename != Py_None && typename != condition) {
            int same = PyObject_RichCompareBool(typename, condition, Py_EQ);
            if (same < 0) {
                goto done;
            }
            if (!same) {
                continue;
            }
        }
        PyObject *fingerprint = PyTuple_New(key_count);
        if (fingerprint == NULL) {
            goto done;
        }
        int missing = 0;
        for (Py_ssize_t k = 0; k < key_count; k++) {
            PyObject *value = PyDict_GetItemWithError(obj, PyTuple_GET_ITEM(keys, k));
            if (value == NULL) {
                missing = PyErr_Occurred() ? -1 : 1;
                break;
            }
            Py_INCREF(value);
            PyTuple_SET_ITEM(fingerprint, k, value);
        }
        if (missing) {
            Py_DECREF(fingerprint);
            if (missing < 0) {
                goto done;
            }
            continue;
        }
        Py_ssize_t count = PyList_GET_SIZE(values);
        PyObject *number = PyLong_FromSsize_t(count);
        if (number == NULL) {
            Py_DECREF(fingerprint);
            goto done;
        }
        PyObject *index = PyDict_SetDefault(index_of, fingerprint, number); /* borrowed */
        if (index == NULL) {
            Py_DECREF(number);
            Py_DECREF(fingerprint);
            if (PyErr_ExceptionMatches(PyExc_TypeError)) {
                PyErr_Clear();
                Py_INCREF(Py_None);
                result = Py_None; /* unhashable: the Python path */
            }
            goto done;
        }
        int failed;
        if (index == number) { /* just added: the first object of this entity */
            PyObject *representation = _PyDict_NewPresized(key_count);
            PyObject *from = PyList_New(1);
            failed = representation == NULL || from == NULL;
            for (Py_ssize_t k = 0; !failed && k < key_count; k++) {
                failed = PyDict_SetItem(representation, PyTuple_GET_ITEM(keys, k),
                                        PyTuple_GET_ITEM(fingerprint, k)) < 0;
            }
            if (!failed) {
                Py_INCREF(obj);
                PyList_SET_ITEM(from, 0, obj);
                failed = PyList_Append(values, representation) < 0
                         || PyList_Append(origins, from) < 0;
            }
            Py_XDECREF(representation);
            Py_XDECREF(from);
        }
        else {
            Py_ssize_t earlier = PyLong_AsSsize_t(index);
            failed = earlier < 0
                     || PyList_Append(PyList_GET_ITEM(origins, earlier), obj) < 0;
        }
        Py_DECREF(number);
        Py_DECREF(fingerprint);
        if (failed) {
            goto done;
        }
    }
    result = PyTuple_Pack(2, values, origins);
done:
    Py_XDECREF(index_of);
    Py_XDECREF(values);
    Py_XDECREF(origins);
    return result;
}

static PyObject *
configure(PyObject *module, PyObject *const *args, Py_ssize_t nargs)
{
    if (nargs != 2 || !PyType_Check(args[0]) || !PyType_Check(args[1])) {
        PyErr_SetString(PyExc_TypeError, "configure(AnyIndex, TypeCondition)");
        return NULL;
    }
    Py_INCREF(args[0]);
    Py_INCREF(args[1]);
    Py_XDECREF(ANY_INDEX);
    Py_XDECREF(TYPE_CONDITION);
    ANY_INDEX = (PyTypeObject *)args[0];
    TYPE_CONDITION = (PyTypeObject *)args[1];
    Py_RETURN_NONE;
}

static PyObject *
copy_value(PyObject *module, PyObject *value)
{
    return copy(value);
}

static PyMethodDef methods[] = {
    {"deep_merge", (PyCFunction)(void (*)(void))deep_merge, METH_FASTCALL,
     "deep_merge(target, source): as gateway.execution.merge.deep_merge."},
    {"merge_entities", (PyCFunction)(void (*)(void))merge_entities, METH_FASTCALL,
     "merge_entities(entities, origins) -> indexes of entities neither a dict nor null."},
    {"objects_at", (PyCFunction)(void (*)(void))objects_at, METH_FASTCALL,
     "objects_at(root, path): as gateway.execution.paths.objects_at."},
    {"collect_flat", (PyCFunction)(void (*)(void))collect_flat, METH_FASTCALL,
     "collect_flat(objects, condition, keys) -> (values, origins), or None if unhashable."},
    {"copy", (PyCFunction)copy_value, METH_O, "Dicts and lists copied all the way down."},
    {"configure", (PyCFunction)(void (*)(void))configure, METH_FASTCALL,
     "configure(AnyIndex, TypeCondition): the plan's path step classes."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {
    PyModuleDef_HEAD_INIT,
    .m_name = "gateway.execution._cdata",
    .m_doc = "Merging and path finding of the executor in C (see gateway.execution.merge).",
    .m_size = -1,
    .m_methods = methods,
};

PyMODINIT_FUNC
PyInit__cdata(void)
{
    TYPENAME_KEY = PyUnicode_InternFromString("__typename");
    NAME_ATTR = PyUnicode_InternFromString("name");
    TYPE_NAME_ATTR = PyUnicode_InternFromString("type_name");
    if (TYPENAME_KEY == NULL || NAME_ATTR == NULL || TYPE_NAME_ATTR == NULL) {
        return NULL;
    }
    return PyModule_Create(&module);
}
