"""Dialogue policies that put the safety answer first, inside the Rasa server.

``SafetyPolicy`` predicts ``utter_safety`` right after a message the safety detector marked
(entity ``danger`` or ``possible_danger``, see ``bot/understanding/components/safety_detector.py``), before
any other action and in every conversation state — also inside the referral form. The text
comes from ``bot.dialogue.nlg.CatalogNLG`` in the Rasa process, so no action-server call is needed:
when the action server is down or hung, the numbers still go out.

``SafetyAwareRulePolicy`` is Rasa's ``RulePolicy`` that does not see that inserted turn: the
rules then continue with what the person asked, exactly as they would without it. (The ML
policies already skip it, because the prediction hides its turn like a rule-only turn.)
"""
from __future__ import annotations

from typing import Any, Dict, List, Optional, Text

from rasa.core.policies.policy import Policy, PolicyPrediction
from rasa.core.policies.rule_policy import RulePolicy
from rasa.engine.graph import ExecutionContext
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.core.constants import ACTION_LISTEN_NAME
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, BotUttered, UserUttered
from rasa.shared.core.generator import TrackerWithCachedStates
from rasa.shared.core.trackers import DialogueStateTracker

from bot.understanding.safety import verdict_of_entities

SAFETY_ACTION = "utter_safety"
# Above RulePolicy (6): the numbers come before any rule's answer.
SAFETY_PRIORITY = 7


def needs_safety_answer(tracker: DialogueStateTracker) -> bool:
    """The latest message was marked and nothing has been said since it."""
    if tracker.latest_action_name != ACTION_LISTEN_NAME:
        return False
    return verdict_of_entities(tracker.latest_message.entities if tracker.latest_message else []).level is not None


def without_safety_turn(tracker: DialogueStateTracker, domain: Domain) -> DialogueStateTracker:
    """The tracker as it would be without ``utter_safety`` after the latest user message."""
    events = list(tracker.events)
    last_user = max((i for i, e in enumerate(events) if isinstance(e, UserUttered)), default=-1)
    kept: List[Any] = events[:last_user + 1]
    skipping = False
    for event in events[last_user + 1:]:
        if isinstance(event, ActionExecuted):
            skipping = event.action_name == SAFETY_ACTION
        if skipping and isinstance(event, (ActionExecuted, BotUttered)):
            continue
        kept.append(event)
    if len(kept) == len(events):
        return tracker
    return DialogueStateTracker.from_events(tracker.sender_id, kept, slots=domain.slots,
                                            max_event_history=tracker._max_event_history,
                                            sender_source=tracker.sender_source)


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.POLICY_WITHOUT_END_TO_END_SUPPORT, is_trainable=False)
class SafetyPolicy(Policy):
    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        return {"priority": SAFETY_PRIORITY}

    @classmethod
    def create(cls, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
               execution_context: ExecutionContext, **kwargs: Any) -> "SafetyPolicy":
        return cls(config, model_storage, resource, execution_context)

    def train(self, training_trackers: List[TrackerWithCachedStates], domain: Domain, **kwargs: Any) -> Resource:
        return self._resource

    def predict_action_probabilities(self, tracker: DialogueStateTracker, domain: Domain,
                                     rule_only_data: Optional[Dict[Text, Any]] = None, **kwargs: Any) -> PolicyPrediction:
        probabilities = self._default_predictions(domain)
        if not needs_safety_answer(tracker):
            return self._prediction(probabilities)
        probabilities[domain.index_for_action(SAFETY_ACTION)] = 1.0
        # A "no user prediction", like a form's happy path, which would otherwise outrank it; the
        # turn is hidden from the ML policies like a rule-only turn.
        return PolicyPrediction(probabilities, self.__class__.__name__, self.priority,
                                is_no_user_prediction=True, hide_rule_turn=True)


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.POLICY_WITH_END_TO_END_SUPPORT, is_trainable=True)
class SafetyAwareRulePolicy(RulePolicy):
    def predict_action_probabilities(self, tracker: DialogueStateTracker, domain: Domain,
                                     rule_only_data: Optional[Dict[Text, Any]] = None, **kwargs: Any) -> PolicyPrediction:
        return super().predict_action_probabilities(without_safety_turn(tracker, domain), domain,
                                                    rule_only_data=rule_only_data, **kwargs)
