#!/usr/bin/env python3
"""moto_server with one fidelity fix for the operator's integration tests.

moto 5.2.1 gap: a stack created or updated by executing a change set keeps the outputs of the
template it had before (none, for a new stack), because ChangeSet.apply() updates the resources
but never rebuilds the stack's output map (UpdateStack does). Real CloudFormation reports the new
template's outputs, and the operator passes outputs from one stack to the next, so without this
no pipeline could get past its first stack in moto.

This adapts the stand-in, not the product: the operator and its templates are unchanged. Used by
the operator module's failsafe run through $MOTO_SERVER (see operator/pom.xml).
"""
import sys

from moto.cloudformation import models

_apply = models.ChangeSet.apply


def _apply_and_refresh_outputs(self):
    _apply(self)
    stack = self.stack
    stack.template = self.template
    stack._parse_template()
    if self.parameters:
        stack.parameters = self.parameters
    stack.output_map = stack._create_output_map()


models.ChangeSet.apply = _apply_and_refresh_outputs

from moto.server import main  # noqa: E402  (after the patch, on purpose)

if __name__ == "__main__":
    sys.exit(main())
