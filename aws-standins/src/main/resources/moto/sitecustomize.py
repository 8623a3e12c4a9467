# Fixes for moto 5.2.1 CloudFormation change-set gaps, loaded into every moto_server the tests and
# the sandbox start (test-support's MotoServer puts this directory on PYTHONPATH; Python imports
# sitecustomize at start). Nothing else in moto is changed; production templates never see it.
#
# Gap: ExecuteChangeSet applies the change set to the empty resource map that CreateChangeSet made
# for a new stack. Templates that CreateStack deploys fine then fail inside moto (HTTP 500, e.g.
# Fn::Select over Fn::GetAZs), leave the stack broken for every later DescribeStacks, and a stack
# that does come up reports no Outputs, so the operator could never feed one stack's outputs to
# the next. The operator deploys through change sets, as production CloudFormation users should.
#
# Fix: execute a CREATE change set exactly as moto's own CreateStack creates a stack (template,
# parameters, resource map, outputs), and after an UPDATE change set take the change set's template
# and parameters and rebuild the outputs as moto's UpdateStack does (moto's ChangeSet.apply updates
# resources but keeps the old template's outputs). A template moto cannot deploy ends in ROLLBACK_COMPLETE / UPDATE_ROLLBACK_COMPLETE
# (as in AWS) instead of a stack that answers HTTP 500 forever.
#
# Gap: DeleteStack keeps the stack's change sets, and change sets are looked up by name alone. A
# stack deleted and created again under its name with the same change-set name (the operator names
# change sets after generation and template, so re-creating a stack deleted out of band does this)
# then had the OLD change set executed, on the deleted stack: the new stack stayed
# REVIEW_IN_PROGRESS forever. Fix: as in AWS, deleting a stack deletes its change sets, and a change
# set is found only on a stack that exists (the newest of that name wins, as in moto's own lookup).
import sys
import traceback

try:
    from moto.cloudformation import models as _cfn

    _original_execute = _cfn.CloudFormationBackend.execute_change_set

    _original_delete_stack = _cfn.CloudFormationBackend.delete_stack

    def _find_change_set(backend, change_set_name, stack_name):
        if hasattr(backend.change_sets, "ids_named"):  # scale mode's index, below
            return _find_change_set_indexed(backend, change_set_name, stack_name)
        if change_set_name in backend.change_sets:
            return backend.change_sets[change_set_name]
        found = None
        for candidate in backend.change_sets.values():
            if (
                candidate.change_set_name == change_set_name
                and candidate.stack.stack_id in backend.stacks
                and (
                    stack_name is None
                    or stack_name in (candidate.stack.name, candidate.stack.stack_id)
                )
            ):
                found = candidate
        return found

    def _delete_stack(self, name_or_stack_id):
        _original_delete_stack(self, name_or_stack_id)
        for change_set_id, change_set in list(self.change_sets.items()):
            if change_set.stack.stack_id not in self.stacks:
                del self.change_sets[change_set_id]

    def _execute(self, change_set_name, stack_name=None):
        change_set = _find_change_set(self, change_set_name, stack_name)
        if change_set is None:
            return _original_execute(self, change_set_name, stack_name)
        stack = change_set.stack
        if change_set.change_set_type == "CREATE":
            stack._add_stack_event("CREATE_IN_PROGRESS", resource_status_reason="User Initiated")
            try:
                stack.template = change_set.template
                stack.parameters = change_set.parameters
                stack._parse_template()
                stack.description = stack.template_dict.get("Description")
                stack.resource_map = stack._create_resource_map()
                stack.output_map = stack._create_output_map()
                stack.create_resources()
                stack.output_map = stack._create_output_map()
                for export in stack.exports:
                    self.exports[export.name] = export
            except Exception as error:
                traceback.print_exc()
                stack._add_stack_event("ROLLBACK_COMPLETE", resource_status_reason=repr(error))
                stack.status = "ROLLBACK_COMPLETE"
                # Outputs of a half-built resource map cannot be evaluated: report none.
                stack.output_map = _cfn.OutputMap(stack.resource_map, {}, stack.stack_id)
            change_set.execution_status = "EXECUTE_COMPLETE"
            return None
        try:
            # By id: the change set found above (moto's lookup by name could take another one).
            _original_execute(self, change_set.change_set_id, stack_name)
            stack.template = change_set.template
            if change_set.parameters:
                stack.parameters = change_set.parameters
            stack._parse_template()
            stack.output_map = stack._create_output_map()
        except Exception as error:
            traceback.print_exc()
            stack._add_stack_event("UPDATE_ROLLBACK_COMPLETE", resource_status_reason=repr(error))
            stack.status = "UPDATE_ROLLBACK_COMPLETE"
            change_set.execution_status = "EXECUTE_FAILED"
        return None

    _cfn.CloudFormationBackend.execute_change_set = _execute
    _cfn.CloudFormationBackend.delete_stack = _delete_stack
except Exception as error:  # never keep moto from starting
    print("datapipeline: moto change-set fix not applied: %r" % (error,), file=sys.stderr)


def _find_change_set_indexed(backend, change_set_name, stack_name):
    """_find_change_set over scale mode's name index: the newest of that name on a live stack."""
    if change_set_name in backend.change_sets:
        return backend.change_sets[change_set_name]
    for change_set_id in reversed(backend.change_sets.ids_named(change_set_name)):
        candidate = backend.change_sets[change_set_id]
        if candidate.stack.stack_id in backend.stacks and (
            stack_name is None or stack_name in (candidate.stack.name, candidate.stack.stack_id)
        ):
            return candidate
    return None



# ------------------------------------------------------------------------------------------------
# SCALE MODE: a stand-in for scale runs only (bench/operator-scale.sh AWS=fast), on only when
# DATAPIPELINE_MOTO_SCALE_MODE=1 is in moto_server's environment (MotoServer.start(Mode.SCALE)).
# Off, moto runs as above. What the operator sees is unchanged: the same API answers, the same
# errors, stacks and change sets as moto keeps them; only moto's own cost per request changes.
#
# Why (measured, docs/benchmarks.md "A fast AWS endpoint"): at N=200 a cProfile of moto_server put
# its time in (1) routing: every request lists moto's package directory and stat()s its 180
# entries under one global lock (list_of_moto_modules), (2) parsing every JSON template with
# PyYAML's pure-Python loader (a ChangeSet parses its template when created), and at N=10,000,
# 50,000 stacks, (3) linear scans: DescribeStacks/GetStackPolicy/DescribeChangeSet/
# ExecuteChangeSet by name walk every stack or change set, and get_stack copies every stack into a
# new dict, so each request costs O(stacks) and a deploy of N pipelines O(N^2).
#
# What it changes: (1) the module list computed once; (2) JSON templates read with json (the same
# dict PyYAML builds from JSON; anything else still goes to PyYAML); (3) stacks and change sets kept
# in dicts that index their ids by name, and the lookups by name use the index with moto's own
# choice among several of a name (the first stack, the last change set); (4) DescribeStacks pages
# by 100 stacks as AWS does (moto pages by 50), so a sweep costs the requests it costs on AWS.
# Not changed: resources are still provisioned (PLANS=small makes each stack one SSM parameter),
# UPDATE change sets and DeleteStack by name still scan (a deploy makes CREATE change sets).
# ------------------------------------------------------------------------------------------------
import os

SCALE_MODE_VARIABLE = "DATAPIPELINE_MOTO_SCALE_MODE"
DESCRIBE_STACKS_PAGE = 100  # AWS's page of DescribeStacks


class _NameIndexed(dict):
    """id -> model (insertion-ordered, as moto's OrderedDicts), with the ids of each name beside."""

    def __init__(self, name_of):
        super().__init__()
        self._name_of = name_of
        self._ids = {}

    def ids_named(self, name):
        """The ids of every entry of that name, oldest first."""
        return self._ids.get(name, ())

    def _index(self, key, value):
        self._ids.setdefault(self._name_of(value), []).append(key)

    def _unindex(self, key):
        name = self._name_of(dict.__getitem__(self, key))
        ids = self._ids.get(name)
        if ids is not None:
            ids.remove(key)
            if not ids:
                del self._ids[name]

    def __setitem__(self, key, value):
        if key in self:
            self._unindex(key)
        super().__setitem__(key, value)
        self._index(key, value)

    def __delitem__(self, key):
        self._unindex(key)
        super().__delitem__(key)

    _MISSING = object()

    def pop(self, key, default=_MISSING):
        if key in self:
            self._unindex(key)
            return super().pop(key)
        if default is _NameIndexed._MISSING:
            raise KeyError(key)
        return default

    def popitem(self):
        key, value = super().popitem()
        self._ids[self._name_of(value)].remove(key)
        if not self._ids[self._name_of(value)]:
            del self._ids[self._name_of(value)]
        return key, value

    def setdefault(self, key, default=None):
        if key not in self:
            self[key] = default
        return self[key]

    def update(self, *args, **kwargs):
        for key, value in dict(*args, **kwargs).items():
            self[key] = value

    def clear(self):
        super().clear()
        self._ids.clear()


def _install_scale_mode():
    import json

    from moto import backends as _backends
    from moto.cloudformation import models as _cfn
    from moto.cloudformation import responses as _responses
    from moto.cloudformation.exceptions import ValidationError

    # (1) Routing: moto's package directory does not change while it runs.
    modules = frozenset(_backends.list_of_moto_modules())
    _backends.list_of_moto_modules = lambda: modules

    # (2) Templates: JSON first (what the operator sends), PyYAML for anything else.
    original_parse = _cfn.Stack.parse_template

    def parse_template(template):
        if isinstance(template, str) and template.lstrip().startswith("{"):
            try:
                return json.loads(template)
            except ValueError:
                pass
        return original_parse(template)

    def change_set_parse_template(self):
        self.template_dict = parse_template(self.template)

    _cfn.Stack.parse_template = staticmethod(parse_template)
    _cfn.ChangeSet._parse_template = change_set_parse_template

    # (3) Lookups by name through the index.
    original_init = _cfn.CloudFormationBackend.__init__

    def backend_init(self, *args, **kwargs):
        original_init(self, *args, **kwargs)
        self.stacks = _NameIndexed(lambda stack: stack.name)
        self.change_sets = _NameIndexed(lambda change_set: change_set.change_set_name)

    def first_stack_named(self, name):
        ids = self.stacks.ids_named(name)
        return self.stacks[ids[0]] if ids else None

    def describe_stacks(self, name_or_stack_id):
        if not name_or_stack_id:
            return list(self.stacks.values())
        stack = self.stacks.get(name_or_stack_id) or first_stack_named(self, name_or_stack_id)
        if stack is None:
            stack = self.deleted_stacks.get(name_or_stack_id)
        if stack is None:
            raise ValidationError(name_or_stack_id)
        return [stack]

    def get_stack(self, name_or_stack_id):
        stack = (
            self.stacks.get(name_or_stack_id)
            or self.deleted_stacks.get(name_or_stack_id)
            or first_stack_named(self, name_or_stack_id)
        )
        if stack is None:
            raise ValidationError(name_or_stack_id)
        return stack

    def last_change_set_named(self, name):
        if name in self.change_sets:  # an ARN
            return self.change_sets[name]
        ids = self.change_sets.ids_named(name)
        return self.change_sets[ids[-1]] if ids else None

    def describe_change_set(self, change_set_name):
        change_set = last_change_set_named(self, change_set_name)
        if change_set is None:
            raise ValidationError(change_set_name)
        return change_set

    def delete_change_set(self, change_set_name):
        if change_set_name in self.change_sets:
            del self.change_sets[change_set_name]
            return
        ids = self.change_sets.ids_named(change_set_name)
        if not ids:
            raise ValidationError(change_set_name)
        del self.change_sets[ids[0]]

    _cfn.CloudFormationBackend.__init__ = backend_init
    _cfn.CloudFormationBackend.describe_stacks = describe_stacks
    _cfn.CloudFormationBackend.get_stack = get_stack
    _cfn.CloudFormationBackend.describe_change_set = describe_change_set
    _cfn.CloudFormationBackend.delete_change_set = delete_change_set

    # (4) DescribeStacks pages of 100, moto's token (the page's last stack id) kept.
    def describe_stacks_response(self):
        stack_name_or_id = self._get_param("StackName")
        token = self._get_param("NextToken")
        stacks = self.cloudformation_backend.describe_stacks(stack_name_or_id)
        start = 0
        if token:
            start = [stack.stack_id for stack in stacks].index(token) + 1
        page = stacks[start : start + DESCRIBE_STACKS_PAGE]
        next_token = page[-1].stack_id if len(stacks) > start + DESCRIBE_STACKS_PAGE else None
        return _responses.ActionResult({"Stacks": page, "NextToken": next_token})

    _responses.CloudFormationResponse.describe_stacks = describe_stacks_response


if os.environ.get(SCALE_MODE_VARIABLE) == "1":
    try:
        _install_scale_mode()
        print("datapipeline: moto SCALE MODE on (%s=1): a stand-in for scale runs" % SCALE_MODE_VARIABLE,
              file=sys.stderr)
    except Exception:
        # A scale run on unpatched moto would measure moto, not the operator: refuse to start.
        traceback.print_exc()
        print("datapipeline: moto scale mode requested but not installed", file=sys.stderr)
        sys.stderr.flush()
        os._exit(3)
