"""What the team playing a regional actor may know: `view(state, ACTOR)` (the room's knowledge and its own secret
objectives, never the hidden motive or another actor's secret objectives), its private view and slip (`tabletop
private --seat ACTOR`), and its private URL under `tabletop serve --private`."""

from __future__ import annotations

from pathlib import Path

import pytest

from tabletop.cli import main
from tabletop.commands import serve as serve_command
from tabletop.deck import load_deck
from tabletop.engine import Game, SeatConfig, Setup
from tabletop.engine.decisions import decide
from tabletop.engine.state import ActorConfig
from tabletop.engine.views import view
from tabletop.present.private import private_picture, secret_of
from tabletop.saves import Autosaver

HERE = Path(__file__).resolve().parent
TEAMS = HERE / "decks" / "teams.toml"
KOREA = HERE.parent / "decks" / "korea-2018.toml"


def korea_game(seed: int = 11, steps: int = 12) -> Game:
    """The bundled deck, every actor with stances played by a team, bots in the seats, ``steps`` moves in."""
    deck = load_deck(KOREA)
    actors = {a.id: ActorConfig("team") for a in deck.actors if a.stances}
    game = Game(deck, Setup({s.id: SeatConfig("bot") for s in deck.seats}, seed, None, actors))
    for _ in range(steps):
        if game.state.phase == "over":
            break
        decision = decide(game.state)
        action = decision.action or decision.choices[-1].action
        assert action is not None
        game.act(action)
    return game


def all_text(picture) -> str:
    return "\n".join([picture.status, *picture.secret.objectives, *picture.table, *picture.cards, *picture.log])


def test_an_actors_view_never_carries_the_motive_or_another_actors_secret_objectives():
    game = korea_game()
    deck, state = game.deck, game.state
    assert state.phase != "over" and state.played  # in the middle of the game: the secrets still kept
    secret_actors = [a for a in deck.actors if any(ob.secret for ob in a.objectives)]
    assert len(secret_actors) >= 2  # China, South Korea, Russia: secrets to keep from one another
    motive = deck.motive(state.motive)
    for actor in deck.actors:
        seen = view(state, actor.id)
        assert seen.actor == actor.id and seen.seat is None and seen.motive is None and not seen.knows_motive
        assert seen.hidden == view(state, None).hidden and seen.tallies == view(state, None).tallies
        assert seen.objectives(actor.id) == actor.objectives  # its own, the secret ones too
        for other in deck.actors:
            if other.id != actor.id:
                assert seen.objectives(other.id) == tuple(ob for ob in other.objectives if not ob.secret)
        secret = secret_of(seen)
        assert secret.motive is None and secret.tallies == ()
        assert len(secret.objectives) == sum(ob.secret for ob in actor.objectives)
        words = all_text(private_picture(game, actor.id))
        assert motive.label not in words and motive.text.strip().split(".")[0] not in words
        for other in secret_actors:
            for ob in other.objectives:
                if ob.secret and other.id != actor.id:
                    assert ob.reason not in words, (actor.id, ob.reason)
                elif ob.secret:
                    assert ob.reason in words
    # A seat's view and the room's carry no actor's secret objective either.
    for reader in [None, *state.seats]:
        seen = view(state, reader)
        assert seen.actor is None
        for actor in secret_actors:
            assert all(not ob.secret for ob in seen.objectives(actor.id))


def test_once_over_everyone_knows_every_objective():
    game = korea_game(steps=10_000)
    assert game.state.phase == "over"
    china = game.deck.actor("china")
    assert view(game.state, None).objectives("china") == china.objectives
    assert view(game.state, "russia").objectives("china") == china.objectives


def test_a_reader_must_be_a_seat_or_an_actor():
    game = korea_game(steps=0)
    with pytest.raises(ValueError, match="an actor id"):
        view(game.state, "nobody")


def test_an_actor_that_no_team_plays_keeps_its_secret_from_its_private_view():
    deck = load_deck(TEAMS)
    game = Game(deck, Setup({"a": SeatConfig("bot"), "b": SeatConfig("bot")}, 3, None,
                            {"neighbour": ActorConfig("bot")}))
    picture = private_picture(game, "neighbour")
    assert picture.secret.empty and "no team plays The neighbour in this game: the bot plays it" in picture.status
    assert "Trust, point by point." not in all_text(picture)
    played = Game(deck, Setup({"a": SeatConfig("bot"), "b": SeatConfig("bot")}, 3, None,
                              {"neighbour": ActorConfig("team")}))
    assert private_picture(played, "neighbour").secret.objectives == (
        "+1 for each point of Trust at the end: Trust, point by point. (secret objective)",)


def _team_save(tmp_path) -> Path:
    game = Game(load_deck(TEAMS), Setup({"a": SeatConfig("bot"), "b": SeatConfig("bot")}, 3, None,
                                        {"neighbour": ActorConfig("team"), "far": ActorConfig("team")}))
    saver = Autosaver.create(game, tmp_path / "game.jsonl", pointer=False)
    while decide(game.state).action is not None:  # to the neighbour's stance
        action = decide(game.state).action
        assert action is not None
        game.act(action)
    saver.close()
    return saver.path


def test_private_slip_for_an_actor_team(tmp_path, capsys):
    save = _team_save(tmp_path)
    assert main(["private", "--seat", "neighbour", str(save), "--slip", "-"]) == 0
    out = capsys.readouterr().out
    assert "for The neighbour only" in out and "YOUR SECRET OBJECTIVES" in out
    assert "Trust, point by point. (secret objective)" in out and "Honest" not in out
    assert main(["private", "--seat", "navy", str(save)]) == 1
    err = capsys.readouterr().err
    assert "no seat 'navy'" in err and "the regional actors a team may play: neighbour (The neighbour), far (The far " \
        "power)" in err
    slip = tmp_path / "far.txt"
    assert main(["private", "--seat", "far", str(save), "--slip", str(slip)]) == 0
    assert "Nothing is secret to this seat now." in slip.read_text()  # the far power has no secret objective


def test_the_actor_teams_private_view_prices_its_stances_when_it_is_to_choose(tmp_path):
    from tabletop.saves.follow import Follower

    follower = Follower(_team_save(tmp_path), load_deck)
    game = follower.first()
    picture = private_picture(game, "neighbour")
    assert "your move" in picture.status
    assert picture.cards_title == "Your stances now, the odds under each and objectives"
    assert any(line.startswith("Calm the room (+2): Worried") for line in picture.cards)


def test_serve_gives_a_url_to_each_team_with_a_secret():
    deck = load_deck(KOREA)
    assert serve_command.secret_teams(deck) == ["china", "south-korea", "russia"]  # Japan has no secret objective
    assert serve_command.secret_teams(deck, {"china": ActorConfig("team"), "russia": ActorConfig("bot")}) == ["china"]
    assert serve_command.secret_teams(deck, {}) == []  # every actor on the dice: no team to hand a link to


def test_serve_private_prints_a_link_for_the_china_team(tmp_path, monkeypatch, capsys):
    import argparse

    from tabletop.ui import web

    monkeypatch.setenv("TABLETOP_DATA_DIR", str(tmp_path / "data"))
    served: list = []
    monkeypatch.setattr(web, "make_server", lambda commands, tokens, **kw: served.append((commands, tokens))
                        or argparse.Namespace(serve=lambda: None))
    save = tmp_path / "game.jsonl"
    assert main(["serve", str(KOREA), "--private", "--actors", "china=team,russia=bot", "--save", str(save)]) == 0
    out = capsys.readouterr().out
    commands, tokens = served[0]
    assert set(tokens) == {"dprk", "china"}  # the seat with the motive, the team with a secret; Russia is a bot's
    assert "Private view of China (for its team only)" in out and "Private view of Russia" not in out
    assert "--actors china=team,russia=bot" in commands.table()
    assert commands.private("china").endswith(f"private --seat china {save}")
    assert main(["serve", str(KOREA), "--actors", "navy=team", "--save", str(tmp_path / "other.jsonl")]) == 2
    assert "--actors: unknown actor 'navy'" in capsys.readouterr().err
