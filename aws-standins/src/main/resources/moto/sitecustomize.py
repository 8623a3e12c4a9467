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
# DELETION FIXES (always on, like the change-set fixes above). Found deleting the own-network
# example in the sandbox: the network stack's DeleteStack answered DependencyViolation, the stack
# vanished from moto (not even DELETE_COMPLETE by id) and its VPC, subnets and route tables stayed.
#
# Gap: moto's CloudFormation cannot delete AWS::EC2::RouteTable, Route,
# SubnetRouteTableAssociation, VPCEndpoint, InternetGateway or VPCGatewayAttachment: their models
# have no delete, so DeleteStack silently keeps them, and the VPC (which moto refuses to delete
# while a non-main route table or a subnet is left) then fails. Fix: each gets the delete its
# EC2 API has (DeleteRouteTable, DeleteRoute, DisassociateRouteTable, DeleteVpcEndpoints,
# DeleteInternetGateway, DetachInternetGateway/DetachVpnGateway); moto's own loop still orders
# them by retrying what failed on a dependency.
#
# Gap: a resource that fails to delete makes moto's DeleteStack answer the resource's error (HTTP
# 400) after it has already dropped the stack: the stack is gone by name and by id while its
# resources remain, so a caller is told nothing it can act on. Fix, as AWS does: DeleteStack
# returns, the stack stays under its id in DELETE_FAILED, each resource that failed has a
# DELETE_FAILED event with its service's reason, the stack a DELETE_FAILED event naming them; a
# later DeleteStack tries the rest again and honours RetainResources (only on a DELETE_FAILED
# stack, as AWS allows it), so what it is asked to keep stays in AWS.
#
# Gap: moto reports no DELETE_SKIPPED event for a resource a deletion keeps (DeletionPolicy
# Retain, or RetainResources), so a caller cannot tell from the stack's events what stayed in AWS.
# Fix: one DELETE_SKIPPED event each, with its physical id, before the stack's DELETE_COMPLETE.
# ------------------------------------------------------------------------------------------------
import threading

_delete_request = threading.local()


def _install_deletion_fixes():
    from moto.cloudformation import exceptions as _cfn_errors
    from moto.cloudformation import parsing as _parsing
    from moto.cloudformation import responses as _cfn_responses
    from moto.ec2 import models as _ec2
    from moto.ec2.models import internet_gateways, route_tables, subnets, vpcs, vpn_gateway

    def backend(account_id, region_name):
        return _ec2.ec2_backends[account_id][region_name]

    def delete_route_table(self, account_id, region_name):
        backend(account_id, region_name).delete_route_table(self.id)

    def delete_route(self, account_id, region_name):
        backend(account_id, region_name).delete_route(
            self.route_table.id,
            self.destination_cidr_block,
            self.destination_ipv6_cidr_block,
            self.destination_prefix_list.id if self.destination_prefix_list else None,
        )

    def delete_association(self, account_id, region_name):
        ec2 = backend(account_id, region_name)
        table = ec2.get_route_table(self.route_table_id)
        for association_id, subnet_id in list(table._associations.items()):
            if subnet_id == self.subnet_id:
                ec2.disassociate_route_table(association_id)

    def delete_endpoint(self, account_id, region_name):
        ec2 = backend(account_id, region_name)
        try:
            ec2.delete_vpc_endpoints([self.id])  # its network interfaces, its routes
        finally:
            # moto's own DeleteVpcEndpoints keeps the endpoint, "deleted"; AWS forgets it soon.
            ec2.vpc_end_points.pop(self.id, None)

    def delete_internet_gateway(self, account_id, region_name):
        backend(account_id, region_name).delete_internet_gateway(self.id)

    def delete_attachment(self, account_id, region_name):
        ec2 = backend(account_id, region_name)
        if self.gateway_id and self.gateway_id.startswith("igw-"):
            ec2.detach_internet_gateway(self.gateway_id, self.vpc_id)
        elif self.gateway_id:
            ec2.detach_vpn_gateway(self.gateway_id, self.vpc_id)

    def already_gone(delete):
        # As CloudFormation does: deleting what is not there any more (its route table or VPC went
        # first) is done, not a failure.
        def tolerant(self, account_id, region_name):
            try:
                delete(self, account_id, region_name)
            except Exception as error:
                code = getattr(error, "code", "") or ""
                if not (code.endswith(".NotFound") or code == "Gateway.NotAttached"):
                    raise

        return tolerant

    for model, delete in (
        (route_tables.RouteTable, delete_route_table),
        (route_tables.Route, delete_route),
        (subnets.SubnetRouteTableAssociation, delete_association),
        (vpcs.VPCEndPoint, delete_endpoint),
        (internet_gateways.InternetGateway, delete_internet_gateway),
        (vpn_gateway.VPCGatewayAttachment, delete_attachment),
    ):
        if "delete" in vars(model):
            # moto learnt to delete it: its own delete wins (and this fix can go).
            print("datapipeline: moto has %s.delete; fix not applied" % model.__name__,
                  file=sys.stderr)
            continue
        model.delete = already_gone(delete)

    original_delete_resource = _parsing.ResourceMap._delete_resource

    def delete_resource(self, parsed_resource, resource_json):
        try:
            original_delete_resource(self, parsed_resource, resource_json)
        except Exception as error:
            failures = self.__dict__.setdefault("_datapipeline_delete_failures", {})
            failures[parsed_resource.logical_resource_id] = error
            raise
        else:
            self.__dict__.get("_datapipeline_delete_failures", {}).pop(
                parsed_resource.logical_resource_id, None)

    _parsing.ResourceMap._delete_resource = delete_resource

    def reason(error):
        message = getattr(error, "message", None) or str(error)
        code = getattr(error, "code", None) or type(error).__name__
        return "%s (Status Code: 400, Error Code: %s)" % (message, code)

    def stack_named(backend, name_or_stack_id):
        if name_or_stack_id in backend.stacks:
            return backend.stacks[name_or_stack_id]
        for stack in backend.stacks.values():
            if stack.name == name_or_stack_id:
                return stack
        return None

    def live_resources(resource_map):
        # (logical id, its template JSON, its model) of every resource the map still holds.
        for logical_id, resource_json in resource_map._resource_json_map.items():
            parsed = resource_map._parsed_resources.get(logical_id)
            if parsed is not None and not isinstance(parsed, str):
                yield logical_id, resource_json, parsed

    def resource_event(stack, logical_id, resource_json, parsed, status, reason=None):
        return _cfn.Event(
            stack_id=stack.stack_id,
            stack_name=stack.name,
            logical_resource_id=logical_id,
            physical_resource_id=getattr(parsed, "physical_resource_id", None),
            resource_type=resource_json.get("Type"),
            resource_status=status,
            resource_status_reason=reason,
            resource_properties=None,
        )

    def skipped_events(stack):
        # AWS reports each resource a deletion keeps (DeletionPolicy Retain, or RetainResources) with
        # a DELETE_SKIPPED event before the stack's DELETE_COMPLETE; moto reports none.
        skipped = [
            resource_event(stack, logical_id, resource_json, parsed, "DELETE_SKIPPED")
            for logical_id, resource_json, parsed in live_resources(stack.resource_map)
            if resource_json.get("DeletionPolicy") == "Retain"
        ]
        if skipped and stack.events and stack.events[-1].resource_status == "DELETE_COMPLETE":
            stack.events[-1:-1] = skipped

    chained_delete_stack = _cfn.CloudFormationBackend.delete_stack

    def delete_stack(self, name_or_stack_id):
        retain = getattr(_delete_request, "retain", None) or []
        _delete_request.retain = None
        stack = stack_named(self, name_or_stack_id)
        if stack is None:
            return chained_delete_stack(self, name_or_stack_id)
        if retain:
            if stack.status != "DELETE_FAILED":
                raise _cfn_errors.ValidationError(
                    message="Invalid operation on stack [%s]: RetainResources can only be "
                    "specified when the stack is in the DELETE_FAILED state" % stack.stack_id)
            for logical_id in retain:
                if logical_id in stack.resource_map._resource_json_map:
                    stack.resource_map._resource_json_map[logical_id]["DeletionPolicy"] = "Retain"
        try:
            chained_delete_stack(self, stack.stack_id)
            skipped_events(stack)
            return None
        except Exception as error:
            traceback.print_exc()
            resource_map = stack.resource_map
            failures = resource_map.__dict__.get("_datapipeline_delete_failures", {})
            failed = []
            for logical_id, resource_json, parsed in live_resources(resource_map):
                if resource_json.get("DeletionPolicy") == "Retain":
                    continue
                failed.append(logical_id)
                stack.events.append(resource_event(
                    stack, logical_id, resource_json, parsed, "DELETE_FAILED",
                    reason(failures.get(logical_id, error))))
            stack._add_stack_event(
                "DELETE_FAILED",
                resource_status_reason="The following resource(s) failed to delete: [%s]. "
                % ", ".join(failed))
            stack.status = "DELETE_FAILED"
            self.stacks[stack.stack_id] = stack  # moto popped it before the resources failed
            return None

    _cfn.CloudFormationBackend.delete_stack = delete_stack

    original_response = _cfn_responses.CloudFormationResponse.delete_stack

    def delete_stack_response(self):
        _delete_request.retain = list(self._get_param("RetainResources", []) or [])
        try:
            return original_response(self)
        finally:
            _delete_request.retain = None

    _cfn_responses.CloudFormationResponse.delete_stack = delete_stack_response


try:
    _install_deletion_fixes()
except Exception as error:  # never keep moto from starting
    traceback.print_exc()
    print("datapipeline: moto deletion fixes not applied: %r" % (error,), file=sys.stderr)

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


# ------------------------------------------------------------------------------------------------
# SCALE MODE'S STACK EVENTS, on when DATAPIPELINE_MOTO_STACK_EVENTS_QUEUE names a queue as well
# (MotoServer.start(Mode.SCALE, queue): the sandbox of bench/operator-scale.sh AWS=fast). moto
# publishes to that SQS queue, in the stack's account and region, the "CloudFormation Stack Status
# Change" event an EventBridge rule on dp- stacks would deliver, at each status change of a dp-
# stack, in the JSON shape AWS documents (the same shape as aws-standins' AwsEventsStandIn, which
# then watches no stacks).
#
# Why: the Java stand-in finds changes by sweeping DescribeStacks, and at 10,000 pipelines (50,000
# stacks) each sweep costs moto about 40 s of its one core (measured, docs/benchmarks.md "Toward
# N=10,000"): a third of moto, and the operator's deploy waits on those events. Here an event costs
# one in-process send. Events of one request are sent when the request's backend call returns, so
# the operator, reading the stack when told, sees the state the event announces (a deleted stack
# is in moto's deleted stacks by then). Without a queue of that name (no bootstrap stack yet)
# nothing is sent, as AWS would deliver nowhere.
# ------------------------------------------------------------------------------------------------
STACK_EVENTS_QUEUE_VARIABLE = "DATAPIPELINE_MOTO_STACK_EVENTS_QUEUE"

_stack_events = threading.local()


def _install_stack_events(queue_name):
    import datetime
    import json
    import uuid

    from moto.cloudformation import models as _cfn
    from moto.sqs import models as _sqs
    from moto.sqs.exceptions import QueueDoesNotExist

    def status_reason(stack, status):
        for event in reversed(stack.events):
            if event.logical_resource_id == stack.name and event.resource_status == status:
                return event.resource_status_reason or ""
        return ""

    def send(stack, status, time):
        body = json.dumps(
            {
                "version": "0",
                "id": str(uuid.uuid4()),
                "detail-type": "CloudFormation Stack Status Change",
                "source": "aws.cloudformation",
                "account": stack.account_id,
                "time": time,
                "region": stack.region_name,
                "resources": [stack.stack_id],
                "detail": {
                    "stack-id": stack.stack_id,
                    "status-details": {
                        "status": status,
                        "status-reason": status_reason(stack, status),
                    },
                },
            },
            separators=(",", ":"),
        )
        try:
            _sqs.sqs_backends[stack.account_id][stack.region_name].send_message(queue_name, body)
        except QueueDoesNotExist:
            pass

    def changed(stack, status):
        time = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
        pending = getattr(_stack_events, "pending", None)
        if pending is None:
            send(stack, status, time)
        else:
            pending.append((stack, status, time))

    def get_status(self):
        return self.__dict__.get("status")

    def set_status(self, status):
        before = self.__dict__.get("status")
        self.__dict__["status"] = status
        # CREATE_PENDING is moto's own, before the stack has any AWS status.
        if status != before and status != "CREATE_PENDING" and self.name.startswith("dp-"):
            changed(self, status)

    _cfn.Stack.status = property(get_status, set_status)

    def sending_when_done(method):
        def wrapper(self, *args, **kwargs):
            outermost = getattr(_stack_events, "pending", None) is None
            if outermost:
                _stack_events.pending = []
            try:
                return method(self, *args, **kwargs)
            finally:
                if outermost:
                    pending, _stack_events.pending = _stack_events.pending, None
                    for stack, status, time in pending:
                        send(stack, status, time)

        return wrapper

    for name in ("create_stack", "update_stack", "delete_stack", "create_change_set",
                 "execute_change_set"):
        setattr(_cfn.CloudFormationBackend, name,
                sending_when_done(getattr(_cfn.CloudFormationBackend, name)))


if os.environ.get(SCALE_MODE_VARIABLE) == "1":
    try:
        _install_scale_mode()
        if os.environ.get(STACK_EVENTS_QUEUE_VARIABLE):
            _install_stack_events(os.environ[STACK_EVENTS_QUEUE_VARIABLE])
            print("datapipeline: moto publishes dp- stacks' status changes to SQS queue %s"
                  % os.environ[STACK_EVENTS_QUEUE_VARIABLE], file=sys.stderr)
        print("datapipeline: moto SCALE MODE on (%s=1): a stand-in for scale runs" % SCALE_MODE_VARIABLE,
              file=sys.stderr)
    except Exception:
        # A scale run on unpatched moto would measure moto, not the operator: refuse to start.
        traceback.print_exc()
        print("datapipeline: moto scale mode requested but not installed", file=sys.stderr)
        sys.stderr.flush()
        os._exit(3)
