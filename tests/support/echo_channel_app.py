"""The widget channel alone, in a Sanic app whose "bot" echoes: for testing the channel over real
HTTP without a model. ``python -m tests.support.echo_channel_app PORT`` (settings from the environment)."""
import asyncio
import sys

from sanic import Sanic

from bot.web.channel import LotseWidgetInput


async def echo(message):
    """Echoes; "hang" first answers, then hangs (like a turn whose action server froze after the
    safety answer); "fail" first answers, then raises."""
    await message.output_channel.send_text_message(message.sender_id, f"echo: {message.text}")
    if message.text == "hang":
        await asyncio.sleep(30)
    if message.text == "fail":
        raise RuntimeError("a turn that fails")
    if message.metadata:
        await message.output_channel.send_custom_json(message.sender_id, {"metadata": message.metadata})


def main() -> None:
    app = Sanic("lotse_channel_test")
    channel = LotseWidgetInput()
    app.blueprint(channel.blueprint(echo), url_prefix="/webhooks/lotse")
    app.run(host="127.0.0.1", port=int(sys.argv[1]), access_log=False, motd=False)


if __name__ == "__main__":
    main()
