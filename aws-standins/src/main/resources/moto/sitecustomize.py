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
            _original_execute(self, change_set_name, stack_name)
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
