import type { DemoGroup } from './content-types.js';

/**
 * English demo content: interest groups in San Francisco and London, each
 * with a handful of posts and comment threads. Pure data, no logic.
 */
export const enGroups: DemoGroup[] = [
  // ───────────────────────────── San Francisco · Hiking ─────────────────────────────
  {
    key: 'sf-hiking-lovers',
    name: 'Hiking Lovers SF',
    description: `Weekend hikes around San Francisco, Marin and the East Bay, from foggy Lands End strolls to the full Dipsea. We post trip plans a week ahead, carpool from the Mission and Inner Sunset, and always finish somewhere with food. **All paces welcome**; we never leave anyone behind on the trail.`,
    city: 'san-francisco',
    tags: ['hiking', 'camping', 'photography'],
    visibility: 'public',
    joinPolicy: 'open',
    posts: [
      {
        kind: 'guide',
        title: 'Hiking in the Fragrant Hills',
        body: `I spent the last two weeks of October in Beijing visiting my partner's family, and my one free day went to **Xiangshan (香山)**, the Fragrant Hills, in the far northwest of the city. Here's what I wish I'd known.

### Getting there
Take subway Line 10 to **Bagou**, then the **Xijiao tram** to its Xiangshan terminus. About an hour from Guomao. Taxis back are a scrum; the tram is easier.

### Tickets
Entry was ¥10 in peak season. You reserve on the park's WeChat mini program, and a passport number works fine.

### The hike
- From the East Gate, follow the stone steps up to **Incense Burner Peak** (557 m). Locals call it *Gui Jian Chou*, "ghosts despair". Roughly 75 minutes at a steady pace.
- Come down the north side and finish at **Biyun Temple**; its white marble pagoda is worth the small extra ticket.

### Tips
Go on a weekday. Red-leaf weekends are shoulder to shoulder, and the cable car queue was over an hour.`,
        tags: ['travel', 'beijing', 'hiking'],
        comments: [
          {
            body: "Saving this for my trip in the spring. Does the tram take a normal transit card or do you need Alipay?",
            replies: [
              "I borrowed my brother-in-law's Yikatong card, but the Alipay transport QR code works on the tram too.",
            ],
          },
          { body: "The smoke trees turn late. We went the first week of November once and it was peak red, fewer crowds too." },
          { body: "Ghosts despair is the best name for a summit I have ever heard. Adding it to the list." },
        ],
      },
      {
        kind: 'guide',
        title: 'The Dipsea Trail without the race-day chaos',
        body: `The Dipsea runs about **7 miles from Old Mill Park in Mill Valley to Stinson Beach**, with roughly 2,200 ft of climbing. It's the oldest trail race in the country, but on a normal Saturday it's simply a brilliant point-to-point hike.

**How we do it as a group**
1. Meet near Old Mill Park on Throckmorton Ave.
2. Climb the **Dipsea Stairs**: three flights, 688 steps. Don't sprint them, the day is long.
3. Cross Panoramic Hwy, drop to Redwood Creek, then grind up Dynamite and **Cardiac Hill**.
4. Descend through the redwoods of Steep Ravine and out onto the coast into Stinson.

**Getting home:** the West Marin Stagecoach runs from Stinson back towards Marin City. Check the timetable; the last bus is earlier than you'd think.

The trail gets slick after rain, especially the steep section above Stinson. Poles help on the descent.`,
        tags: ['marin', 'point-to-point'],
        comments: [
          {
            body: "The Redwood Creek crossing has a seasonal bridge that gets pulled in winter, so check before you go.",
            replies: ["Good call. It was out when I went in January and I had to detour along the road for a bit."],
          },
          { body: "Did this last month in just over four hours with a long lunch on Cardiac. Sandwiches from the Mill Valley Market are the move." },
          {
            body: "Is the Stagecoach bus cash only?",
            replies: ["It's only a couple of dollars. Bring small bills just in case, the drivers can't make change."],
          },
        ],
      },
      {
        kind: 'experience',
        title: 'Tomales Point at sunrise: forty elk and almost no people',
        body: `Three of us drove out to Pierce Point Ranch on Saturday and were on the **Tomales Point Trail** by 6:45. It's an out-and-back of about 9.5 miles if you go all the way to the tip, mostly gentle rolling terrain.

The tule elk were everywhere. We counted around forty in one herd just past the ranch, including two bulls sparring in the grass, antlers clacking like someone dropping firewood. Stay on the trail and give them room; rut season is no joke.

Fog burned off around 9:30 and suddenly Bodega Head and the whole length of Tomales Bay appeared. The last mile to the point is sandy and a bit of a slog, but the view is worth it.

No water, no shade, and the wind picks up by noon. Bring a windbreaker even if Petaluma is roasting.`,
        tags: ['point-reyes', 'wildlife'],
        comments: [
          { body: "Those photos in the group chat were unreal. Ping me next time, I'd happily do the 5am drive." },
          {
            body: "Did you stop in Marshall on the way back? Hog Island oysters after that hike would be perfect.",
            replies: [
              "We tried, but you need a reservation on weekends. Ended up with clam chowder in Point Reyes Station instead, no regrets.",
            ],
          },
        ],
      },
      {
        kind: 'question',
        title: 'Muir Woods with my parents: parking reservation or shuttle?',
        body: `My parents are visiting from Ohio in two weeks and Muir Woods is top of their list. I know you now need a **parking or shuttle reservation** in advance.

A few questions:
- Is the shuttle worth it compared with booking a parking slot?
- My dad can manage about 2 miles on flat ground. Is the main boardwalk loop enough, or is there a slightly longer option that's still easy?
- Anywhere nearby for lunch that isn't a 45-minute wait?

It'll be a weekday visit, probably a Tuesday. Thanks in advance!`,
        tags: ['muir-woods', 'beginners'],
        comments: [
          {
            body: "Parking reservation, no question, on a weekday. Take the first slot of the morning and you'll have Cathedral Grove almost to yourselves.",
            replies: ["Seconding early. By eleven the main path feels like a shopping mall."],
          },
          { body: "The Hillside Trail makes a nice loop with the main trail. A little climbing but gentle, and far quieter." },
          { body: "The Pelican Inn near Muir Beach is ten minutes away and has a garden. Very English pub, parents will love it." },
        ],
      },
      {
        kind: 'discussion',
        title: 'Alamere Falls: should we keep running trips there?',
        body: `We've had three requests this month for an **Alamere Falls** trip, and I want to talk about it before anyone puts it on the calendar.

The official route from Palomarin is lovely: around 13 miles round trip past Bass Lake. The problem is the "shortcut" down to the beach, an unmaintained, crumbling cliff path. There have been serious injuries and helicopter rescues, and the park keeps asking people not to use it.

My proposal:
- We only run it as Palomarin to **Wildcat Camp**, then walk the beach to the falls at low tide.
- Maximum 10 people, and only on days with a low tide around midday.
- No trips on peak summer weekends; parking on Mesa Road is chaos.

Thoughts? Too cautious?`,
        tags: ['point-reyes', 'safety'],
        comments: [
          { body: "Not too cautious at all. I watched someone slide halfway down that gully last year. It's genuinely dangerous." },
          {
            body: "Love the Wildcat approach. It makes a longer day but the beach walk to the falls is half the fun.",
            replies: [
              "Agreed, and you can come back past Pelican Lake for some variety.",
              "Just make sure people know it's a proper 14-15 mile day. Worth putting in the event description.",
            ],
          },
          { body: "Could we make it an overnight at Wildcat Camp instead? Sites go fast, so we'd need to book months ahead." },
        ],
      },
      {
        kind: 'experience',
        title: 'Recap: Steep Ravine and Matt Davis loop (17 of us!)',
        body: `Biggest turnout yet: 17 people, including six first-timers. We started at **Pantoll Ranger Station** at 9, went down Steep Ravine to Stinson and climbed back up the Matt Davis Trail.

Highlights:
- The **wooden ladder** in Steep Ravine is still there and still thrilling. We went one at a time.
- The creek was properly running after last week's rain.
- Lunch on the sand at Stinson, where Sam produced an entire bag of clementines.

Lowlight: the climb up Matt Davis in full sun at 1pm. Next time we'll reverse it and get the climbing done first.

Total: about 7.3 miles, 1,600 ft of gain, four and a half hours with breaks. Pantoll parking was full by 9:20, so carpool!`,
        tags: ['mount-tam', 'recap'],
        comments: [
          {
            body: "Thanks for leading! That ladder was my favourite part of the whole month.",
            replies: ["So good to have you along. Come back for the Mount Diablo hike in March!"],
          },
          {
            body: "Did anyone pick up a blue water bottle at the Pantoll picnic tables? It has a banana slug sticker on it.",
            replies: ["I think Priya grabbed one, I'll ask her tonight."],
          },
        ],
      },
      {
        kind: 'question',
        title: 'Car-free hikes from the city?',
        body: `I moved here in August and don't have a car (and don't plan to get one). What are your favourite hikes you can reach on Muni, BART or a ferry?

So far I've done **Lands End** from the 38R and loved it, and I walked up Twin Peaks from Castro station. I'm reasonably fit and happy with 10+ miles.

Bonus points for anything with a good post-hike food stop nearby.`,
        tags: ['transit', 'beginners'],
        comments: [
          {
            body: "Take the ferry from Pier 41 to Angel Island and do the perimeter road plus the climb up Mount Livermore. Huge views, zero car.",
            replies: ["And there's a little café at Ayala Cove for the wait before the ferry back."],
          },
          { body: "Mount Sutro's cloud forest from the N-Judah is perfect on a foggy day. It feels like Oregon in the middle of the city." },
          { body: "Glen Canyon from Glen Park BART, then tacos on Diamond Street. Short but surprisingly wild." },
          { body: "The Sausalito ferry plus a bus gets you to Mill Valley and the foot of Tam. It takes a while but it's a lovely day out." },
        ],
      },
      {
        kind: 'guide',
        title: 'My Marin day pack, fog edition',
        body: `People keep asking what I carry, so here's my list for a typical 8-10 mile day in the Headlands or on Tam. The short version: **dress for three seasons**.

- **Layers:** merino base, light fleece, windbreaker. Tennessee Valley can be 55°F and dripping at 10am and 75°F by 1pm.
- **Water:** 2 litres. Very few trails have refill points.
- **Food:** more than you think. A Mission burrito wrapped in foil survives anything.
- **Navigation:** offline maps downloaded. Reception dies in the valleys.
- **Small first-aid kit** with blister pads and a tick remover; ticks love the tall grass in spring.
- **Sunscreen**, even when it's foggy.
- A **$10 bill** for the random farm stand or honesty box.`,
        tags: ['gear', 'marin'],
        comments: [
          { body: "Tick remover is so underrated. Found two on my sock after Tennessee Valley last April." },
          {
            body: "The burrito tip is real. A cold carnitas burrito on a summit beats any fancy trail bar.",
            replies: ["La Taqueria the night before, straight into the fridge, straight into the pack. Perfection."],
          },
        ],
      },
      {
        kind: 'discussion',
        title: 'Angel Island overnight in May: who is in?',
        body: `I'm thinking about organising a **group camping night on Angel Island**. The state park has a handful of ferry-access sites, and the group sites can take up to 20 people.

Rough plan:
- Saturday morning ferry from Pier 41 (bring a bike if you like).
- Afternoon hike up Mount Livermore, 788 ft.
- Dinner while the city lights come on across the bay.
- Sunday morning at the **Immigration Station** before the ferry back.

Sites book up quickly, so I need rough numbers by the end of the month. Cost would be around $15 each for the site plus your ferry ticket. You carry everything in; there's no car access. Reply if you're interested and whether you have a tent.`,
        tags: ['camping', 'angel-island'],
        comments: [
          { body: "In! I have a three-person tent I can share with someone who doesn't snore." },
          {
            body: "Count me and my partner. Can we bring a camp stove? I remember rules about fires.",
            replies: ["Stoves were fine last time, wood fires were not. I'll double-check when I book."],
          },
          { body: "Is it very windy at night? I went once in July and the tent nearly took off towards Tiburon." },
        ],
      },
    ],
  },

  // ───────────────────────────── London · Cycling ─────────────────────────────
  {
    key: 'london-cycling-world',
    name: 'Cycling World London',
    description: `A friendly club for everyone who rides in and around London, from hire-bike commuters to Box Hill regulars. We run a **no-drop social ride every Sunday** from Richmond, a Wednesday evening loop of Regent's Park, and the odd weekend trip into the Surrey Hills or the Chilterns. No Lycra required.`,
    city: 'london',
    tags: ['cycling'],
    visibility: 'public',
    joinPolicy: 'open',
    posts: [
      {
        kind: 'guide',
        title: "Richmond Park laps: the unwritten rules",
        body: `The road loop round Richmond Park is about **11 km (7 miles)** and it's where half of London learns to ride in a group. A few things regulars expect:

- **Ride clockwise** on the main loop unless you're heading for a specific gate. Everyone does, and it keeps things predictable.
- The speed limit is **20 mph** and it applies to bikes. The park police do stop people on the descent from Broomfield Hill.
- **Deer have right of way.** In autumn the stags are jumpy; give them a wide berth.
- Gates close to traffic at dusk, and the pedestrian gates can close too. Don't get locked in.
- Sawyers Hill is the long drag, Broomfield Hill is the short sharp one. Pace yourself accordingly.

Coffee stop: the café at **Roehampton Gate** has bike racks and decent flapjacks. Pembroke Lodge is nicer but the queue is brutal on Sundays.`,
        tags: ['richmond-park', 'beginners'],
        comments: [
          { body: "Worth adding that the Tamsin Trail around the edge is a gravel path for families. Don't try to do intervals on it." },
          {
            body: "Broomfield Hill on a single speed is a character-building experience.",
            replies: ["I've seen people walk it and honestly, no shame. It's steep."],
          },
          { body: "Great list. The Sunday morning crowd is heavy from 8 to 10, so try a weekday evening if you want a quieter lap." },
        ],
      },
      {
        kind: 'experience',
        title: "Dunwich Dynamo: my first overnight ride",
        body: `Finally did the **Dunwich Dynamo** on Saturday. If you've not heard of it: a few thousand cyclists leave **London Fields** on the Saturday evening nearest the July full moon and ride about 115 miles through the night to **Dunwich** on the Suffolk coast. No entry fee, no marshals, no signs, just a long chain of red tail lights through Essex.

What I learned:
- The first 20 miles out of Hackney are slow and chaotic. Relax.
- Around 2am, somewhere past Sudbury, a village hall was selling tea and beans on toast. It saved me.
- Bring a proper front light and a spare battery. The lanes are **pitch black**.
- Sunrise over the fields around 4:30 is the most beautiful thing I've seen on a bike.

Hit the beach at 7:40 and fell asleep on the shingle. The coach back was worth every penny.`,
        tags: ['dunwich-dynamo', 'night-ride'],
        comments: [
          {
            body: "Congratulations! The beans-on-toast halls are the real heroes of that ride.",
            replies: ["Truly. I'd pay double for those beans."],
          },
          { body: "Did the coach have space for your bike or did you book the van? I'm tempted for next year." },
          { body: "I did it on a Brompton once. Would not recommend, would do again." },
        ],
      },
      {
        kind: 'question',
        title: "Commuting Walthamstow to Old Street: best route?",
        body: `Starting a new job near **Old Street roundabout** in two weeks and I'd like to cycle from Walthamstow instead of sitting on the Victoria line.

Google suggests going down **Lea Bridge Road** and through Clapton, but I've also heard people rave about going through the marshes and joining the canal. It's about 6 miles either way.

- Which route is safer at 8am?
- Is the Lea Bridge Road cycle track actually continuous now?
- Anywhere near Old Street with secure bike parking? My office only has a small rack in the courtyard.

I ride a fairly heavy hybrid with panniers, so narrow towpaths are not ideal.`,
        tags: ['commuting'],
        comments: [
          {
            body: "Lea Bridge Road has a segregated track for most of the way now. Then cut through Hackney Downs and down to Shoreditch on the quieter streets.",
            replies: ["This is my route too. Avoid Mare Street at rush hour, it's all buses."],
          },
          { body: "With panniers I'd skip the canal. At 8am it's full of runners and other commuters and it gets tense under the bridges." },
          { body: "There's a paid cycle hub near Moorgate with lockers and showers. Worth it if your office rack is exposed." },
        ],
      },
      {
        kind: 'guide',
        title: "Box Hill from central London: a first-timer's route",
        body: `Box Hill is the classic London day ride: the 2012 Olympic road race climbed it nine times. You don't need to do it nine times.

**Route (about 50 miles round trip from Putney Bridge)**
1. Through Richmond Park and out of Kingston Gate.
2. South through Kingston, Chessington and Leatherhead. Traffic is fine before 9am.
3. At Mickleham, turn onto the **Zig Zag Road**: about 2.5 km at 5%, with hairpins that feel far more alpine than Surrey has any right to be.
4. Coffee and cake at the National Trust café at the top. Expect a queue of cyclists.
5. Return the same way, or drop to **Dorking** and take the train back to Waterloo.

**Tip:** If 50 miles feels like a lot, take the train to Box Hill & Westhumble and just ride the hill. No shame in it.`,
        tags: ['box-hill', 'surrey'],
        comments: [
          { body: "The Zig Zag is such a good first climb. Steady gradient, nowhere too steep, and a café at the top." },
          {
            body: "Check whether the trains from Dorking have bike restrictions at peak times before relying on them.",
            replies: ["Weekends were fine for me, but I've heard weekday evenings can be strict."],
          },
        ],
      },
      {
        kind: 'discussion',
        title: "Should the Sunday ride split into two pace groups?",
        body: `We had 31 riders last Sunday, which is amazing, but it also meant the group stretched out over nearly a kilometre on the A307 and the regroup stops took forever.

I'd like to suggest splitting into two groups:
- **Social:** around 22-25 km/h, regroup at every junction, coffee guaranteed.
- **Steady:** around 27-30 km/h, regroup at the top of climbs.

Both would leave Richmond at 8:30 and meet at the same café. Nobody gets dropped in either; that rule stays.

Concerns I've heard: it might feel cliquey, and we'd need two ride leaders every week. Would anyone be willing to lead the steady group once a month?`,
        tags: ['club-rides'],
        comments: [
          { body: "Yes please. I love the social pace but felt guilty holding people up on the hills." },
          {
            body: "I'll lead the steady group on the first Sunday of each month.",
            replies: ["Amazing, thank you! Putting you on the rota now."],
          },
          { body: "Just keep the same café stop so the groups still mix. That's half the point of the ride." },
          { body: "Could we try it for a month and review? Not sure we need it in winter when numbers drop." },
        ],
      },
      {
        kind: 'question',
        title: "Bike theft: which locks do you actually trust?",
        body: `Had my second bike stolen in a year last week, outside a gym in **Shoreditch**, in daylight. Cable lock, I know, I know.

I'm replacing it and want to do things properly this time. What are people using?

- Is an **angle-grinder resistant** D-lock worth £100+, or do thieves just take the wheel instead?
- Any experience with secure bike hangars from the council? The waiting list in my borough seems to be years.
- Do you register your frame number somewhere? Did it ever actually help?

Budget around £150 for locks. I'm done with being a bike donor.`,
        tags: ['security', 'gear'],
        comments: [
          {
            body: "Two different types of lock is the best deterrent. A good D-lock for the frame plus a chain for the back wheel.",
            replies: ["Plus locking skewers on the wheels. Cheap and stops the quick wins."],
          },
          { body: "My grinder-resistant lock is heavy, but my bike is still there after two years in Dalston. I'll take it." },
          { body: "I got a bike hangar space after 14 months on the list. Apply now, even if it seems hopeless." },
        ],
      },
      {
        kind: 'experience',
        title: "Track taster at Herne Hill Velodrome",
        body: `Six of us booked a **track taster session at Herne Hill Velodrome** on Saturday morning. The velodrome dates from 1891 and hosted the track events at the 1948 Olympics, which feels wild when you're wobbling round it on a hire bike.

The bikes are **fixed gear with no brakes**, so the first ten minutes are mostly about not trying to freewheel. Once it clicks, it's pure joy. The banking at Herne Hill is gentle, so it's a friendly place to learn.

The coach was brilliant: we did rolling turns by the end, riding a tight line a wheel apart. Two hours, about £20 each including bike hire.

Two of us have already signed up for the beginner league. Highly recommended for a grey winter weekend.`,
        tags: ['track', 'south-london'],
        comments: [
          {
            body: "The no-freewheeling thing got me too. I nearly launched myself over the bars in lap one.",
            replies: ["Same! Your legs just want to stop. The bike says no."],
          },
          { body: "Lovely write-up. Is there a minimum fitness level or can complete beginners go?" },
        ],
      },
      {
        kind: 'discussion',
        title: "Winter: indoor trainer or just ride in the rain?",
        body: `It's that time of year. Dark at 4pm, wet roads, grit everywhere.

I'm trying to decide whether to buy a **smart trainer** for my flat or just accept mudguards and misery. Arguments I've heard:

**For the trainer:** structured workouts, no punctures in the dark, you can ride while watching the football.

**For riding outside:** it's free, it's sociable, and you stay used to handling a bike in bad conditions. Plus the smug feeling is unbeatable.

My neighbours downstairs are also a factor. Direct-drive trainers are quieter, but is the thump through the floor a dealbreaker in a Victorian conversion?

What do you all do between November and March?`,
        tags: ['winter', 'training'],
        comments: [
          { body: "Both. Trainer on weeknights, club ride on Sunday with full mudguards. Keeps me sane." },
          {
            body: "Put the trainer on a thick rubber mat and a rug. My downstairs neighbour says she only hears the fan now.",
            replies: ["Good tip. A yoga mat alone wasn't enough in my place."],
          },
          { body: "Honestly, a good waterproof jacket and overshoes changed everything for me. Winter riding is underrated." },
        ],
      },
    ],
  },

  // ───────────────────────────── San Francisco · Fishing ─────────────────────────────
  {
    key: 'bay-area-fishing-pals',
    name: 'Fishing Pals Bay Area',
    description: `Pier rats, surf casters and the occasional party-boat splurge. We fish Pacifica, Fort Point, Half Moon Bay and the local lakes, share what's biting, and teach newcomers to tie a knot that actually holds. Please **follow CDFW size and bag limits**, and release anything you're unsure about.`,
    city: 'san-francisco',
    tags: ['fishing'],
    visibility: 'public',
    joinPolicy: 'open',
    posts: [
      {
        kind: 'guide',
        title: 'Crabbing at Pacifica Pier: a beginner setup',
        body: `Pacifica Municipal Pier is the easiest place in the Bay Area to start crabbing, and in California **you don't need a licence to fish from a public ocean pier**.

**Gear**
- Two **crab snares** on a heavy rod, or a hoop net if you'd rather not cast. Pier limits apply to how many you use.
- Bait: chicken thighs, squid or mackerel. Wrap it in bait cord so the gulls can't steal it.
- A **crab gauge**. Dungeness must be at least 5¾ inches across the back.

**Rules that matter**
- Dungeness season opens in November in most years, but it is often delayed for whales or algae. Check before you go.
- **Keep males only**, release every female.
- Rock crab has different rules and a smaller size limit.

Go on a weekday evening around high tide. Weekend crowds mean tangled lines and short tempers.`,
        tags: ['crabbing', 'pacifica', 'beginners'],
        comments: [
          {
            body: "Great summary. I'd add a pair of thick gloves. Those claws do not play.",
            replies: ["Learned that the hard way. Still have a little scar on my thumb."],
          },
          { body: "Sexing Dungeness trips people up. Males have the narrow triangular flap on the belly, females the wide rounded one." },
          { body: "Opening week is a zoo on the pier. Give it ten days and it calms right down." },
        ],
      },
      {
        kind: 'experience',
        title: 'Surf perch at Ocean Beach, finally!',
        body: `After four fishless mornings I finally caught **barred surfperch** at Ocean Beach on Sunday, near the end of Sloat.

Setup: a 10-foot surf rod, a Carolina rig with a 1 oz sinker, and a 2-inch **camo sandworm** soft bait on a size 6 hook. Cast just past the first break into the trough, reel slowly, and wait for that little double tap.

Incoming tide, about an hour before high, was the magic window. I got five in forty minutes, kept two (well within the limit) and released the rest, including a fat one full of babies. Surfperch give live birth, so I let the pregnant ones go in spring.

Biggest lesson: **read the beach**. The darker, calmer patches are the troughs where the fish sit.`,
        tags: ['surf-fishing', 'ocean-beach'],
        comments: [
          { body: "The double tap is so satisfying. Nice work sticking with it after four skunks." },
          {
            body: "Which end of Sloat? North or south of the parking lot?",
            replies: ["South, where the beach curves a bit. It changes after every storm though."],
          },
        ],
      },
      {
        kind: 'question',
        title: 'Do I need a licence for Lake Merced?',
        body: `Quick one: I know the public piers on the coast are licence-free, but what about **Lake Merced**? I want to take my brother out for trout on Saturday.

Also:
- Is the boathouse still renting anything?
- Is the North Lake or South Lake better for shore fishing?
- Do they still stock trout there, or is that a thing of the past?

We'll be using PowerBait and a slip sinker, nothing fancy.`,
        tags: ['lake-merced', 'licence'],
        comments: [
          {
            body: "Yes, you need a licence at Lake Merced. Only public ocean and bay piers are exempt. An annual resident licence is around $60 and you can buy it on your phone.",
            replies: ["Or wait for one of the two free fishing days each year, usually early July and Labor Day weekend."],
          },
          { body: "I've had better luck on the South Lake near the bridge, early morning. The wind on the North Lake makes bait fishing annoying." },
          { body: "Stocking has been on and off. Check the city's recreation page before you plan the whole day around trout." },
        ],
      },
      {
        kind: 'experience',
        title: 'Rockfish trip out of Pillar Point',
        body: `Four of us split the cost of a **half-day rockfish trip** out of Pillar Point Harbor in Half Moon Bay. Tickets were about $150 each plus tips and a one-day licence for the two who didn't have one.

The boat left at 6am and it was *rough*. Two people fed the fish before we'd even reached the reef. Take your seasickness pills **the night before and again in the morning**, not once you start feeling it.

Once we were drifting over the rocks it was non-stop: blue rockfish, vermilion, a couple of gophers, and Tomás landed a lingcod that barely fit in the cooler. We all limited out by 11.

The deckhands filleted everything for a few dollars a fish. Fish tacos for a week. Would happily do it again, maybe with calmer seas.`,
        tags: ['half-moon-bay', 'party-boat'],
        comments: [
          {
            body: "That lingcod photo is going straight on the group banner.",
            replies: ["Tomás has already made it his profile picture, you'll have to fight him for it."],
          },
          { body: "Pro tip: stand at the stern rail, it moves less than the bow. And keep your eyes on the horizon." },
          { body: "Which boat did you go with? I've heard mixed things about the weekend crowds." },
        ],
      },
      {
        kind: 'guide',
        title: 'Five knots, in order of how often you will use them',
        body: `New folks always ask which knots to learn. You don't need twenty. You need these five, practised until you can tie them with cold fingers in the dark.

1. **Improved clinch knot** – hook or swivel to line. Fast and reliable for mono.
2. **Palomar knot** – the one to use with braid. Stronger than the clinch and hard to mess up.
3. **Uni-to-uni** – joining braid to a fluorocarbon leader. Wet it before you cinch.
4. **Dropper loop** – for rockfish rigs with a couple of hooks above the weight.
5. **Snell** – for bait hooks where you want a straight pull. Optional, but satisfying.

Practise with a shoelace at home while watching TV. Then move to real line and **always moisten the knot** before pulling tight. Friction heat weakens it more than you'd think.`,
        tags: ['knots', 'beginners'],
        comments: [
          { body: "Shoelace practice is how my grandpa taught me. Still works." },
          {
            body: "I'd put the FG knot in there for braid to leader, but it's definitely not a beginner knot.",
            replies: ["Agreed, too fiddly on a windy pier. Uni-to-uni is fine for 99% of what we do."],
          },
        ],
      },
      {
        kind: 'discussion',
        title: 'Should we stop posting exact spots?',
        body: `A slightly awkward topic. Last month someone posted a really specific striper spot near **Fort Point**, with a map pin, and by the next weekend it was packed, including people keeping undersized fish.

I don't want this group to become secretive. Sharing is the whole point. But I'm wondering about some norms:

- Share **general areas** publicly ("south end of the pier", "the rocks below the bridge") and exact spots in DMs with people you know.
- No map pins for small, fragile spots like creek mouths.
- Always mention the limits when posting a catch, so newcomers see what's legal.

Is this reasonable, or am I being precious?`,
        tags: ['etiquette', 'conservation'],
        comments: [
          { body: "Totally reasonable. General area is plenty for anyone who wants to put the work in." },
          {
            body: "I'd hate for this to turn into gatekeeping though. Newcomers need somewhere to start.",
            replies: [
              "That's fair. Maybe we keep a pinned list of beginner-friendly public spots with exact directions.",
              "Public piers are fine to share exactly. It's the tiny spots that get hammered.",
            ],
          },
          { body: "The limits reminder is a great idea. I honestly didn't know the striper size rule when I started." },
        ],
      },
      {
        kind: 'question',
        title: 'Kid-friendly fishing for a 7-year-old?',
        body: `My daughter has suddenly decided she wants to "catch a fish and name it". I have no idea what I'm doing.

Looking for somewhere within an hour of the city where:
- there are **toilets nearby** (non-negotiable with a 7-year-old),
- the chance of catching *something* is high, even if it's small,
- we won't be in the way of serious anglers.

Is Pacifica Pier too intense? Would a stocked lake be better? And what's the simplest setup for a kid: a cheap spincast combo?

We'd be practising catch and release, she would never forgive me otherwise.`,
        tags: ['kids', 'beginners'],
        comments: [
          {
            body: "Lake Chabot in Castro Valley is perfect: toilets, a café, stocked trout, and a calm shoreline.",
            replies: ["And a small marina that rents boats if she gets bored of the bank."],
          },
          { body: "A cheap spincast combo with a bobber and a small hook with a bit of worm. She'll catch bluegill all afternoon in the right lake." },
          { body: "Pacifica on a calm weekday can be great for kids too, people there are lovely with little ones. Just avoid crab opening weekend." },
          { body: "Name suggestions for the fish: Gill Gates. You're welcome." },
        ],
      },
      {
        kind: 'discussion',
        title: 'How much Bay fish are you actually eating?',
        body: `I've been keeping more of my catch lately and started reading the **state fish advisories for San Francisco Bay**. Sobering stuff.

The short version, as I understand it:
- **Striped bass** and larger predators carry more mercury and PCBs. The advice is to eat very little, and none for kids or anyone pregnant.
- **Jacksmelt** and some surfperch are in a better category but still limited per week.
- Ocean catches out past the Golden Gate, like rockfish, are generally considered lower risk.

I'm not trying to scare anyone, and a fish now and then is fine. But I've changed my habits: I now keep rockfish and crab from the ocean side and release almost everything inside the Bay.

How do others handle this? Anyone cook the Bay stuff regularly?`,
        tags: ['food-safety'],
        comments: [
          { body: "Same approach here. Bay fish go back, ocean fish come home." },
          {
            body: "The advisories also say to skin fillets and trim the fat, since a lot of the PCBs sit there.",
            replies: ["Didn't know that, thank you. Grilling on a rack so the fat drips off helps too."],
          },
        ],
      },
    ],
  },

  // ───────────────────────────── London · Board games ─────────────────────────────
  {
    key: 'london-dice-and-pints',
    name: 'Dice & Pints London',
    description: `Weekly board game nights in the upstairs room of a pub just off **Lamb's Conduit Street**, Bloomsbury. Tuesdays from 6:30pm: bring a game or borrow one from our library of about 70. Newcomers are always welcome, and teaching people new games is our favourite thing.`,
    city: 'london',
    tags: ['board-games', 'chess'],
    visibility: 'public',
    joinPolicy: 'open',
    posts: [
      {
        kind: 'guide',
        title: 'Teaching a game in five minutes: our house method',
        body: `A bad teach can kill a great game. Here's the order we use on Tuesdays, refined over a lot of pints.

1. **How do you win?** Say this first. Everything else makes sense once people know the goal.
2. **What do you do on your turn?** The two or three main actions, no edge cases.
3. **How does the game end?** Last round trigger, final scoring.
4. **Play an open first round.** Everyone shows their hand and we talk through options.
5. **Edge cases when they come up**, not before.

Things to avoid:
- Reading the rulebook aloud. Please.
- Explaining every card's text. Players can read.
- Strategy tips that are really just "do what I'd do".

If a teach is going past 15 minutes, it's probably the wrong game for a Tuesday.`,
        tags: ['teaching', 'hosting'],
        comments: [
          { body: "Starting with how to win is the single best tip. Took me years to figure that out." },
          {
            body: "The open first round made Spirit Island click for me. I'd have bounced off it otherwise.",
            replies: ["Spirit Island without an open round is a recipe for tears."],
          },
          { body: "Printing this and sticking it inside the library cupboard door." },
        ],
      },
      {
        kind: 'experience',
        title: 'Twilight Imperium: 11 hours, 6 players, 1 ruined friendship',
        body: `On Saturday six of us finally played **Twilight Imperium 4th edition** in Jen's flat in Kentish Town. We started at 11am. We finished at 10pm.

Some highlights:
- Marcus spent the first three hours building a fleet, then lost it all in one turn to a well-timed action card.
- A trade agreement between Priya and me lasted exactly one round.
- We ordered two rounds of pizza and a curry.
- Jen won on the final objective by a single point, while everyone else was fighting over Mecatol Rex.

Would I play again? **Absolutely**, but with a few changes: pre-read the faction sheets, set a timer for the strategy phase, and actually start at 10.

Marcus and I are speaking again. Mostly.`,
        tags: ['epic-games', 'twilight-imperium'],
        comments: [
          {
            body: "I'm still not over that action card. I will remember it on my deathbed.",
            replies: ["It was the most beautiful thing I've ever done, Marcus."],
          },
          { body: "Eleven hours is actually decent for six first-timers. Our first game took thirteen." },
          { body: "Please put me on the list for the next one. I'll bring the curry." },
        ],
      },
      {
        kind: 'question',
        title: 'Two-player games for a couple who hate direct conflict?',
        body: `My partner and I want a few two-player games for weeknights at home. The catch: we **both hate take-that** mechanics. Attacking each other just makes us grumpy.

What we've tried:
- **Patchwork** – loved it, played it to death.
- **Jaipur** – fun, but the camel snatching felt mean.
- **Codenames Duet** – great, but we want something with a bit more strategy.

Looking for something 20-45 minutes, ideally under £35. Co-op suggestions welcome too. What are your favourites?`,
        tags: ['two-player', 'recommendations'],
        comments: [
          {
            body: "Sky Team! Co-operative, you land a plane together, and it's brilliant for couples.",
            replies: ["Seconding. Very tense, zero fighting, unless you count arguing about the brakes."],
          },
          { body: "Cascadia works well at two and is almost entirely about your own board." },
          { body: "Lost Cities is a classic. A bit of indirect competition, but you never attack each other." },
          { body: "Try The Fox in the Forest if you like trick-taking. Small box, lovely art." },
        ],
      },
      {
        kind: 'guide',
        title: 'Board game cafés and shops in London, by a regular',
        body: `People often ask where to play or buy games outside of our Tuesdays. My personal list:

**Cafés**
- **Draughts** (Waterloo and Hackney) – huge library, staff who will teach you almost anything. Book ahead for weekends; there's a cover charge per person.
- **Drink, Shop & Do** (King's Cross) – more of a party venue, but their games nights are fun and chaotic.

**Shops**
- **Orc's Nest** on Earlham Street, Covent Garden – tiny, crammed to the ceiling, and the staff actually play the games.
- **Leisure Games** in Finchley – excellent range of heavier euros and wargames, and they'll order in almost anything.

**Tips**
- Second-hand bargains turn up in the **UK board game trade groups** online.
- Charity shops in Hampstead and Richmond occasionally have untouched copies of big titles. It's a lottery.`,
        tags: ['shops', 'cafes'],
        comments: [
          { body: "Orc's Nest is a national treasure. I've lost whole afternoons in there." },
          {
            body: "Draughts Waterloo is great but gets loud on a Friday. Weekday afternoons are lovely though.",
            replies: ["Agreed. I went on a Wednesday once and had the library almost to myself."],
          },
        ],
      },
      {
        kind: 'discussion',
        title: "Let's talk about kingmaking",
        body: `Last Tuesday's game of **Root** ended with someone who couldn't win deciding which of the two leaders would, and it got a bit heated.

I'm curious how people feel about this. Is it:
- **A legitimate part of the game?** You're still playing, your choices matter.
- **Bad sportsmanship?** You should play to improve your own position, even if it's hopeless.
- **A design flaw** we should avoid by picking different games?

Personally I think it's fine as long as it's not petty (revenge for something from two rounds ago). But I understand why it's frustrating when you've played carefully for two hours.

Should we have a house rule, or just pick games less prone to it on busy nights?`,
        tags: ['etiquette', 'root'],
        comments: [
          { body: "If you can't win, play for second. Simple rule, solves most of it." },
          {
            body: "Root is particularly bad for this because it's so interactive. I'd just say it's part of the game.",
            replies: [
              "Agreed. If you want zero kingmaking, play Azul.",
              "Azul has plenty of hate-drafting though. There's no escape!",
            ],
          },
          { body: "Honestly, a quick chat before the game about expectations goes a long way." },
        ],
      },
      {
        kind: 'experience',
        title: 'UK Games Expo trip report',
        body: `Five of us took the train up to **Birmingham** for the UK Games Expo at the NEC. First time for three of us.

**The good**
- Demo tables everywhere. I played about eight new games on Saturday alone.
- The bring-and-buy area: I picked up a second-hand copy of **Brass: Birmingham** for £40. Thematic!
- Open gaming in the evening at the hotel went on until 2am.

**The less good**
- Saturday is absolutely packed. Friday or Sunday are much calmer.
- Food at the NEC is expensive and sad. Bring sandwiches.
- My bag was about 8 kg heavier on the way home and my shoulder has not recovered.

Would go again, but next time I'm setting a budget **before** I get there.`,
        tags: ['conventions', 'ukge'],
        comments: [
          { body: "The bring-and-buy is dangerous. I went in for one game and came out with four." },
          {
            body: "Thanks for the tip about Friday. Planning on going next year, will book now.",
            replies: ["Book the hotel early, the ones near the NEC fill up months in advance."],
          },
        ],
      },
      {
        kind: 'question',
        title: 'Is Brass: Birmingham too heavy for a Tuesday?',
        body: `Speaking of Brass: now that I own it, I'd love to get it to the table. But I'm worried it's too much for our weeknights.

My concerns:
- The teach is about 20-25 minutes even done well.
- A four-player game is easily two and a half hours for first-timers.
- The pub closes the upstairs room at 11.

Would anyone be up for a dedicated **Brass table** starting at 6:30 sharp? I'd prefer players who've read the rules summary beforehand so we can jump straight in. If there's interest, we could make it a monthly heavy-game slot and rotate through things like Ark Nova and Terra Mystica.`,
        tags: ['heavy-games', 'brass'],
        comments: [
          {
            body: "Yes to a monthly heavy table! I'll read the rules, promise.",
            replies: ["Brilliant. I'll post a one-page summary the week before."],
          },
          { body: "Three players is a good compromise for Brass on a weeknight. Much faster than four." },
          { body: "I'd come for Ark Nova. Brass scares me a little." },
        ],
      },
      {
        kind: 'discussion',
        title: 'A chess and Go corner on Thursdays?',
        body: `A few of us have been playing **chess** at the end of Tuesday nights after the board games wind down, and a couple of people have asked about Go.

Proposal: a quieter Thursday evening in the same room, **7pm until 10**, for abstract games.
- Chess, Go, and maybe Hive or Onitama for the curious.
- Casual games and some clocks for blitz.
- No teaching pressure, but beginners are very welcome.

I have three chess sets and a Go board with a proper set of stones. We'd need maybe a few more sets.

Is there interest? If we get eight or more people I'll talk to the pub.`,
        tags: ['chess', 'go'],
        comments: [
          { body: "I'd come for Go! I learned in Tokyo years ago and have had nobody to play with since." },
          {
            body: "Count me in for blitz. I can bring two clocks.",
            replies: ["Perfect, that solves the clock problem."],
          },
          { body: "Hive would be a great gateway game for people who find chess intimidating." },
        ],
      },
    ],
  },

  // ───────────────────────────── San Francisco · Pottery ─────────────────────────────
  {
    key: 'sf-mission-clay-collective',
    name: 'Mission Clay Collective',
    description: `A community for potters and ceramicists around San Francisco, from first-time wheel throwers to people running their own kilns. We swap studio tips, organise **open studio nights** and shared kiln loads, and visit markets and galleries together. Hand-builders and painters very welcome.`,
    city: 'san-francisco',
    tags: ['pottery', 'painting'],
    visibility: 'public',
    joinPolicy: 'open',
    posts: [
      {
        kind: 'guide',
        title: 'Centering, for people who keep failing at centering',
        body: `I taught the beginner wheel class for two years, and centering is where almost everyone gets stuck. A few things that helped my students:

- **Brace your elbows** against your thighs or hips. Your arms alone will lose to the clay.
- **Use less water** than you think. A slurry bath makes the clay slip and collapse.
- **Cone up and down** two or three times. It aligns the clay particles and makes the rest easier.
- Keep the wheel **fast** while centering and slow down for everything after.
- Start with a **smaller ball** – about a pound. Three pounds of clay is a fight you'll lose.

The test: close your eyes and hold your hands lightly on the clay. If you feel no wobble, you're centered.

And remember: everyone, literally everyone, struggled with this for weeks.`,
        tags: ['wheel', 'beginners'],
        comments: [
          {
            body: "The elbow bracing thing changed everything for me. Thank you!",
            replies: ["Same, I'd been centering with my shoulders and wondering why they hurt."],
          },
          { body: "Eyes closed test is brilliant. I'm going to try it tomorrow." },
          { body: "Smaller ball! I've been trying with way too much clay. That explains a lot." },
        ],
      },
      {
        kind: 'experience',
        title: 'My first glaze firing: 12 mugs in, 7 survived',
        body: `Three months into classes, I finally had a batch of twelve mugs go through a **cone 6 glaze firing**. Results:

- **7 mugs survived** and look genuinely good.
- 2 had glaze that ran down and fused them to the kiln shelf. Sorry, studio manager.
- 2 crawled, leaving bare patches where I'd handled the bisque with greasy fingers.
- 1 cracked at the handle join. Classic.

What I'll do differently:
1. **Wipe the bottom half inch** clean of glaze. Always.
2. Wash my hands before glazing, and maybe wear gloves.
3. Score and slip handles more aggressively, and dry them slowly under plastic.

My favourite is a speckled mug with a **celadon** interior that pooled beautifully in the bottom. I'm drinking coffee from it right now.`,
        tags: ['glazing', 'first-firing'],
        comments: [
          { body: "Seven out of twelve on your first glaze load is great! My first batch was about three." },
          {
            body: "The greasy fingers thing is so real. Hand lotion is the enemy of glaze.",
            replies: ["I had no idea. I put on lotion every morning!"],
          },
        ],
      },
      {
        kind: 'question',
        title: 'Studio memberships in SF: what are people paying?',
        body: `My class series ends next month and I'd like to join a studio as a member. I'm seeing a huge range of prices and I'm not sure what's normal.

So far:
- A small studio in the **Mission**: about $300/month, 24/7 access, firing included up to a certain volume.
- A bigger place in **SoMa**: $350/month, limited hours, firing charged per cubic inch.
- A community art centre: much cheaper, but there's a waiting list of several months.

What are you all paying? Is 24/7 access worth it? And how much does firing usually add per month if you're throwing two evenings a week?`,
        tags: ['studios', 'costs'],
        comments: [
          {
            body: "I'm paying $280 in the Mission, firing included. 24/7 access was the deciding factor, I mostly throw after 9pm.",
            replies: ["Same! The late-night studio hours are the best. Quiet, lo-fi music, just you and the wheel."],
          },
          { body: "Per-cubic-inch firing adds up fast if you make big pieces. Ask for their rate and do the maths." },
          { body: "Get on the community art centre waitlist anyway. It's worth it if you're patient." },
        ],
      },
      {
        kind: 'discussion',
        title: 'A shared kiln pool for home potters?',
        body: `Several of us hand-build at home but don't have a kiln. I've been thinking about a **shared kiln pool**:

- One member with a kiln (a medium electric kiln, maybe one of the studios we know) runs **bisque and glaze firings** twice a month.
- We split the electricity and shelf space by volume.
- Pieces are dropped off and picked up at a set time.

Questions:
- Who'd be interested?
- Does anyone have a kiln they'd be happy to share, or know a studio that does this?
- How do we handle accidents, like glaze runs onto someone else's work?

This would make hand-building at home much more realistic for renters like me.`,
        tags: ['kilns', 'community'],
        comments: [
          { body: "I have a small electric kiln in my garage in Bernal. Happy to try this with a few people to start." },
          {
            body: "For accidents, we could require cookies under pieces with runny glazes. Protects the shelves and everyone's work.",
            replies: ["Good idea. And a simple shared spreadsheet for what's in each load."],
          },
          { body: "Count me in, I'd happily pay more than my share just to have somewhere to fire." },
        ],
      },
      {
        kind: 'guide',
        title: 'Our favourite cone 6 glaze combinations',
        body: `We took a vote at the last open studio night on the best **commercial cone 6 combos** people have found. Results below, tested on a speckled buff clay body.

1. **Blue rutile over celadon** – blue with drips and a little pooling. The crowd favourite.
2. **Shino-style over white** – toasty, warm, with orange flashing where it's thin.
3. **Tenmoku** solo – deep brown-black that breaks to rust on edges. Gorgeous on textured pieces.
4. **Satin white with an iron oxide wash** underneath – subtle, great for plates.

General advice:
- **Test tiles first.** Always. Layering is unpredictable.
- Keep the upper layer thinner than the lower to avoid runs.
- Write down exactly what you did. You will forget.

Post your test tiles in the comments!`,
        tags: ['glazing', 'cone-6'],
        comments: [
          {
            body: "The blue rutile over celadon combo is addictive. I have about thirty bowls in it now.",
            replies: ["Thirty! Please bring some to the holiday market."],
          },
          { body: "Tenmoku on carved pieces is my absolute favourite. It breaks beautifully over any texture." },
        ],
      },
      {
        kind: 'experience',
        title: 'Selling at the Fort Mason holiday market',
        body: `Three of us shared a booth at a **holiday craft market at Fort Mason** last weekend. Here's how it went for first-time sellers.

**Numbers**
- Booth fee: $180 split three ways.
- Sales: about $1,400 between us over two days.
- Best sellers: mugs at $38 and small bud vases at $22.

**Lessons**
- **Price things higher than you think.** We sold out of the cheaper mugs on day one and felt silly.
- Have a card reader *and* accept cash. Lots of people paid cash for small pieces.
- Bring tissue paper and bags. Wrapping took more time than selling.
- Put your best piece at eye level, not on the table.

Exhausting but so rewarding. Strangers chose something I made with my hands to give to someone they love.`,
        tags: ['markets', 'selling'],
        comments: [
          { body: "Congratulations! Mugs at $38 is very fair, I think you could go higher next time." },
          {
            body: "Which market was it? I'd love to apply next year.",
            replies: ["I'll DM you the organiser's contact, applications open in late summer."],
          },
          { body: "The last paragraph made me a bit emotional. This is why we do it." },
        ],
      },
      {
        kind: 'question',
        title: 'Reclaiming clay in a tiny apartment',
        body: `I have about 10 lbs of trimmings and failed pots drying in a bucket in my apartment in the **Inner Richmond**, and no idea how to reclaim it without wrecking my bathroom.

I know you're **never supposed to rinse clay down the sink** because it settles in the pipes and sets like concrete. So what's the right way to:
- soak and slake the scraps?
- get it back to a workable consistency?
- clean my tools and hands without using the sink?

Is it even worth it for such a small amount, or should I just give it to the studio's reclaim bucket?`,
        tags: ['reclaim', 'home-studio'],
        comments: [
          {
            body: "Wash hands and tools in a bucket of water first, let the clay settle overnight, then pour off the clear water. Only that goes down the drain.",
            replies: ["Two buckets is even better. The second one catches what the first misses."],
          },
          { body: "For small amounts, dry it completely, slake it in water, then spread it on a plaster bat until it's workable." },
          { body: "Honestly, for 10 lbs I'd take it to the studio. Their pug mill will do it in minutes." },
        ],
      },
      {
        kind: 'discussion',
        title: 'Did you start with hand-building or the wheel?',
        body: `Curious how people got into ceramics. I started with **hand-building**: a pinch pot class at a community centre, then slab work for two years before I touched a wheel.

I think it gave me a better feel for the clay, especially for drying, joining and thickness. But the wheel is so much faster for functional pieces, and I sometimes wish I'd learned it earlier.

Questions for you:
- Which did you start with, and do you still do both?
- Would you recommend one to a complete beginner?
- Anyone here combine them, like altered thrown forms or slab-built handles on thrown mugs?

Share your origin story!`,
        tags: ['hand-building', 'wheel'],
        comments: [
          { body: "Wheel first, and I'm now obsessed with adding slab-built feet and handles to everything." },
          {
            body: "Hand-building first for me too. The wheel felt like learning to drive after years of walking.",
            replies: ["That's such a good analogy. Both are great, they just feel totally different."],
          },
          { body: "I started with painting on bisque at a paint-your-own pottery place. Gateway drug!" },
        ],
      },
    ],
  },

  // ───────────────────────────── London · Dogs ─────────────────────────────
  {
    key: 'london-dog-walkers',
    name: 'London Dog Walkers',
    description: `For dogs and their humans across London. We organise **Saturday pack walks** on Hampstead Heath, Wimbledon Common and in Victoria Park, swap tips on vets, pubs and transport, and help out local rescues whenever we can. Reactive dogs and nervous owners are welcome: just tell us what you need.`,
    city: 'london',
    tags: ['dogs', 'volunteering-animals'],
    visibility: 'public',
    joinPolicy: 'open',
    posts: [
      {
        kind: 'guide',
        title: 'Richmond Park with a dog: the rules that matter',
        body: `Richmond Park is glorious for dog walks, but it's home to around 600 free-roaming deer. The rules exist for a reason:

- **Dogs must be on a lead during the deer birthing season (May to July) and the rut (September to October).** Mothers hide their fawns in the bracken and will defend them.
- Even outside those months, keep your dog **within sight and under control**. A dog chasing deer is a serious problem and the park police do act on it.
- **Pen Ponds and the wetlands** are lovely for a swim, but avoid them after warm weather if there are warnings about blue-green algae.
- Isabella Plantation is a no-dogs-off-lead area all year round.

Best bits: the open grassland near Sheen Gate in winter, and the café at Pembroke Lodge for a post-walk cuppa. Bring poo bags; the bins are few and far between.`,
        tags: ['richmond-park', 'rules'],
        comments: [
          {
            body: "The rut is no joke. Saw a stag walk right up to a spaniel last October. Owner had to scoop him up and back away slowly.",
            replies: ["Terrifying. Glad they were okay."],
          },
          { body: "Thanks for the algae warning. I didn't know it could be dangerous for dogs." },
          { body: "Sheen Gate in winter is perfect, fewer bikes and lots of space to run." },
        ],
      },
      {
        kind: 'experience',
        title: 'Adopting from Battersea: our first month with Pip',
        body: `A month ago we brought home **Pip**, a three-year-old lurcher cross, from **Battersea Dogs & Cats Home**. A few notes for anyone thinking of adopting:

**The process** took about five weeks: an online application, a chat with a rehoming adviser, meeting Pip twice, and a home check by video. They were thorough but kind.

**The first week** was hard. Pip didn't eat for two days and hid behind the sofa. The Battersea team told us to give her space and let her come to us. By day five she was sleeping on my feet.

**Now:** she's a completely different dog. She's nervous around bikes, and we're working on recall, but she does zoomies on the Heath every morning and has stolen exactly one sausage roll.

Adopting an older dog is the best decision we've ever made.`,
        tags: ['adoption', 'battersea'],
        comments: [
          {
            body: "Lurchers are the best. Pip is lucky to have you.",
            replies: ["We're lucky to have her! She's such a gentle soul."],
          },
          { body: "The first week can be so worrying. Thank you for sharing, it'll help a lot of new adopters." },
          { body: "Only one sausage roll in a month? Rookie numbers." },
        ],
      },
      {
        kind: 'question',
        title: 'Dog-friendly pubs near Hampstead Heath?',
        body: `We're planning a long Saturday walk across **Hampstead Heath** with three dogs and about ten humans. Looking for a pub to finish at that:

- welcomes dogs inside (it's November, the garden won't cut it),
- can take a group of about ten if we book,
- ideally does a decent Sunday-style roast on Saturdays, but that's a bonus.

I know **The Spaniards Inn** is an option but it's very popular. Any others near the Heath, or in Highgate, Hampstead village or Gospel Oak?`,
        tags: ['pubs', 'hampstead-heath'],
        comments: [
          {
            body: "The Spaniards is great, but yes, book well ahead. It's packed from noon.",
            replies: ["And it's a bit of a trek from the Heath proper if the dogs are tired."],
          },
          { body: "The Flask in Highgate is very dog-friendly and has a cosy room at the back for groups." },
          { body: "Try the pubs in Gospel Oak near the lido. Less busy and they usually have water bowls out." },
        ],
      },
      {
        kind: 'discussion',
        title: "Off-lead etiquette: 'he's friendly!' isn't enough",
        body: `Slightly ranty post, sorry. My dog is **reactive**. He's on a lead, wearing a yellow "I need space" harness, and working with a trainer. Three times last week, an off-lead dog ran straight up to him while the owner shouted "he's friendly!" from fifty metres away.

It sets us back weeks of training each time.

Can we agree on some basics as a group?
- If your dog's **recall isn't reliable**, keep them on a lead around other dogs on leads.
- If you see a **yellow lead or harness**, call your dog back.
- A dog on a lead is usually on a lead for a reason.

I don't want to police anyone. I just want to enjoy a walk without a panic attack. What do others think?`,
        tags: ['etiquette', 'reactive-dogs'],
        comments: [
          { body: "100% agree. I didn't know about the yellow lead thing until this year. Spreading the word." },
          {
            body: "As an owner of a very friendly but very dim labrador, I hear you. I'm putting him back on the long line until his recall is better.",
            replies: ["That's really kind of you. Thank you."],
          },
          { body: "Could we add this to the group rules for pack walks? Would be a good reminder for everyone." },
        ],
      },
      {
        kind: 'guide',
        title: 'Taking your dog on the Tube, buses and Overground',
        body: `Good news: **dogs travel free** on the Underground, buses, Overground, DLR and trams. A few things to know before you go:

- **Escalators:** you must **carry your dog** on moving escalators. If your dog is too big to carry, use the lifts or stairs, or ask staff to stop an escalator.
- Big stations like Bank and Canary Wharf have lifts; some Zone 1 stations are all stairs.
- **Buses:** it's at the driver's discretion, but in my experience almost always fine.
- Keep your dog on a lead and **off the seats**.
- **Avoid rush hour.** Crowded carriages are stressful for dogs.

For longer journeys, National Rail usually lets dogs travel free too, up to two per passenger. Check the specific operator before you go.`,
        tags: ['transport', 'tfl'],
        comments: [
          {
            body: "Carrying my 20 kg staffy up an escalator is my daily workout.",
            replies: ["You deserve a medal. Or at least a bigger coffee."],
          },
          { body: "Great guide. I'd add: some dogs hate the noise of the trains. Practise at quiet times first." },
        ],
      },
      {
        kind: 'experience',
        title: 'Recap: Saturday pack walk on Wimbledon Common',
        body: `What a morning! **14 dogs and 19 humans** met at the Windmill car park on Wimbledon Common at 10am.

Route: a 5 km loop through the woods, around **Queensmere** pond and back past the golf course (dogs on leads there, obviously).

Highlights:
- **Biscuit**, a beagle, found a muddy patch and rolled in it with full commitment.
- Two rescue greyhounds who had never met became instant best friends.
- Our youngest member, a 14-week-old cockapoo, did the whole walk in a sling at the end.

Finished with tea and bacon rolls at the windmill café, where the staff kindly brought out water bowls for everyone.

Next walk: **Victoria Park, first Saturday of next month**. Bring treats, bring towels.`,
        tags: ['pack-walk', 'recap'],
        comments: [
          { body: "Biscuit has no regrets. His owner, however, has several." },
          {
            body: "The greyhound friendship was adorable. They're already planning a playdate.",
            replies: ["Please share photos of the playdate!"],
          },
          { body: "Gutted I missed it, see you in Victoria Park!" },
        ],
      },
      {
        kind: 'question',
        title: 'Lungworm and ticks: what are your vets recommending?',
        body: `My vet in **Walthamstow** has just recommended monthly lungworm prevention as well as flea and tick treatment. She said lungworm cases have gone up in London because of foxes and slugs.

I'm not against it, but the combined cost is about £20 a month, and I want to make sure I'm not overdoing it.

Questions:
- What do your vets recommend for **London dogs** who go to parks and commons daily?
- Has anyone had a dog get lungworm?
- Any tips on checking for ticks after walks in long grass?

My dog is a two-year-old border collie who eats everything.`,
        tags: ['health', 'vets'],
        comments: [
          {
            body: "My spaniel got lungworm two years ago from eating a slug in the garden. It was scary. Now he's on monthly prevention for life.",
            replies: ["That's awful, glad he's okay. Thanks for sharing."],
          },
          { body: "Run your hands all over after every walk, especially around the ears, armpits and between the toes. A tick hook is cheap and works." },
          { body: "Ask your vet about a health plan. Ours includes parasite treatment and brings the monthly cost down." },
        ],
      },
      {
        kind: 'discussion',
        title: 'Volunteering: who walks dogs for a rescue?',
        body: `I've been volunteering as a **dog walker for a rescue in south London** for six months and it's one of the best things I do all week. Some dogs haven't been out of their kennel much, and watching them sniff the grass for the first time is priceless.

A few of you asked how to get involved, so:
- Most rescues need **walkers, fosterers and drivers**, and some need help with fundraising or social media.
- Expect an application, an induction session and some supervised walks.
- It's a **regular commitment**: usually a fixed weekly slot.

Would anyone be interested in a group volunteering day? I could ask the rescue if we can come as a small team once a month.`,
        tags: ['rescue', 'volunteering'],
        comments: [
          { body: "Yes! I can't have a dog in my flat, so this would be perfect." },
          {
            body: "I foster for a greyhound charity. Happy to answer questions about fostering too.",
            replies: ["That would be great. Could you do a post about it?"],
          },
        ],
      },
    ],
  },

  // ───────────────────────────── London · Reading (private) ─────────────────────────────
  {
    key: 'london-slow-readers-club',
    name: "The Slow Readers' Club",
    description: `A small book club that meets on the **last Thursday of each month** in Bloomsbury, usually in a member's flat, sometimes in the back room of a pub. One book a month, mostly fiction, with a classic every quarter and a writing night now and then. Membership is capped at 14 so the conversation stays real: request to join and tell us the last book you loved.`,
    city: 'london',
    tags: ['reading', 'writing'],
    visibility: 'private',
    joinPolicy: 'approval',
    posts: [
      {
        kind: 'discussion',
        title: 'Spring classic: Middlemarch (yes, all of it)',
        body: `The vote is in, and our spring classic is **George Eliot's Middlemarch**. It's about 800 pages, so we'll take it slowly over three meetings:

- **March:** Books 1–3 (up to the end of "Waiting for Death")
- **April:** Books 4–6
- **May:** Books 7–8 and the Finale

A few suggestions:
- The **Penguin Classics** edition has helpful notes on the politics of the 1830s, which matter more than you'd think.
- If you fall behind, don't skip the meeting. Come and listen; spoilers are part of the fun with a book this old.
- Virginia Woolf called it "one of the few English novels written for grown-up people". Let's see if she was right.

Who's already started?`,
        tags: ['classics', 'middlemarch'],
        comments: [
          {
            body: "Started last night. Dorothea's first chapter is so funny, I wasn't expecting that.",
            replies: ["Eliot's narrator is so dry. I keep laughing out loud on the bus."],
          },
          { body: "Three months is the perfect pace. I tried to read it in one go at university and gave up." },
          { body: "I have the audiobook narrated by Juliet Stevenson if anyone wants to alternate. It's wonderful." },
        ],
      },
      {
        kind: 'experience',
        title: 'Notes from our Piranesi evening',
        body: `Eleven of us met at Hannah's flat on Great Ormond Street for **Susanna Clarke's Piranesi**. Some threads from the evening:

- **The House**: most of us read it as a place of healing rather than a prison, which surprised a few people. Is it better to stay?
- **Memory and identity**: Piranesi's journals as a metaphor for chronic illness, which Clarke has talked about in interviews. Rahul made a beautiful point about how being unwell can feel like being in a labyrinth that other people can't see.
- **The ending**: divided. Half of us found it satisfying, the other half wanted more about the Other.

Best quote of the night, from Elena: "It's the only book I've read that made me want to go and stare at a statue for an hour."

Next month: **The Remains of the Day**.`,
        tags: ['piranesi', 'meeting-notes'],
        comments: [
          { body: "Such a good evening. Thank you, Hannah, for hosting and for the lemon drizzle." },
          {
            body: "Rahul's point has stayed with me all week.",
            replies: ["Same. I've started reading it again with that in mind."],
          },
        ],
      },
      {
        kind: 'question',
        title: 'Do audiobooks count?',
        body: `Slightly contentious question. My commute is an hour each way on the **Northern line**, and reading a paperback while standing squashed in a carriage is impossible.

I've started listening to audiobooks, and honestly, I'm getting through far more books. But a friend told me it's "not really reading".

I'm curious:
- Do you count audiobooks as reading for book club?
- Do you find you remember them as well?
- Any narrators you'd recommend?

For what it's worth, I listened to **The Remains of the Day** and it felt like Stevens was talking directly to me.`,
        tags: ['audiobooks'],
        comments: [
          {
            body: "Of course they count. Stories were told aloud long before they were written down.",
            replies: ["Exactly. Homer would be very confused by this debate."],
          },
          { body: "I remember less from audiobooks, so I take notes on my phone after each session. Helps a lot." },
          { body: "Juliet Stevenson can narrate anything and I'd listen to it." },
        ],
      },
      {
        kind: 'guide',
        title: 'Independent bookshops worth the detour',
        body: `For new members, here's our collective list of favourite London bookshops within walking distance of a Tube station:

- **London Review Bookshop**, Bury Place – five minutes from the British Museum, brilliant poetry section, and a cake shop next door.
- **Daunt Books**, Marylebone High Street – the Edwardian gallery with long oak shelves, organised by country. Perfect for travel reading.
- **Hatchards**, Piccadilly – London's oldest bookshop, founded in 1797, with signed first editions.
- **Libreria**, Hanbury Street, Spitalfields – no phones allowed, and the shelves are themed rather than alphabetical.
- **Word on the Water** – a bookshop on a 1920s Dutch barge on the Regent's Canal near King's Cross. Live music on summer evenings.
- **Foyles**, Charing Cross Road – not independent exactly, but the café on the top floor is a great place to read.`,
        tags: ['bookshops', 'london'],
        comments: [
          { body: "Word on the Water in the rain, with a hot chocolate, is my idea of heaven." },
          {
            body: "Libreria's no-phones policy is bliss. I always buy something I wasn't looking for.",
            replies: ["That's the whole point of the themed shelves, I think. They lead you somewhere unexpected."],
          },
          { body: "Adding Gay's the Word on Marchmont Street, it's a Bloomsbury institution." },
        ],
      },
      {
        kind: 'discussion',
        title: 'Shortlist vote for summer reads',
        body: `Time to vote on our three summer books (June, July and August). The shortlist, from your nominations:

1. **Orbital** by Samantha Harvey – short, beautiful, a day aboard the International Space Station.
2. **James** by Percival Everett – Huckleberry Finn retold from Jim's point of view.
3. **The Bee Sting** by Paul Murray – a sprawling, funny, sad Irish family novel. About 650 pages.
4. **Tomorrow, and Tomorrow, and Tomorrow** by Gabrielle Zevin – friendship and video game design.
5. **The Covenant of Water** by Abraham Verghese – three generations in Kerala. Long!

Reply with your top three, ranked. Voting closes on Sunday. My own vote: Orbital, James and The Bee Sting, in that order.`,
        tags: ['voting', 'summer'],
        comments: [
          { body: "James, Orbital, Tomorrow. I've been dying to talk about James with someone." },
          {
            body: "Bee Sting, Covenant, Orbital. Summer is the time for long books!",
            replies: ["Long books in summer is a brave position. I respect it."],
          },
          { body: "Orbital, James, Bee Sting. Same as you, I'm afraid." },
          { body: "Tomorrow x3, Orbital, James." },
        ],
      },
      {
        kind: 'experience',
        title: 'What came out of our first writing night',
        body: `Last month, instead of a book, we tried a **writing night**. Eight of us met in the back room of a pub on Lamb's Conduit Street with notebooks and a stack of prompts.

Format:
- Three prompts, **15 minutes each**, writing by hand.
- Optional reading aloud after each prompt.
- No critique, just one thing you liked about each piece.

The prompts that worked best:
- "Describe a room you can't go back to."
- "Write a letter to a character from a book we've read."
- "Begin with the line: *It was the second time the lights had gone out.*"

I was nervous about reading aloud, but it was lovely to hear how differently everyone interpreted the same prompt. Tom wrote a letter to Mr Stevens that had us all in tears.

Shall we make it twice a year?`,
        tags: ['writing-night', 'prompts'],
        comments: [
          {
            body: "Yes please! That evening was one of my favourites this year.",
            replies: ["Mine too. I've been writing every morning since."],
          },
          { body: "The no-critique rule made it feel safe. Let's keep that." },
        ],
      },
      {
        kind: 'question',
        title: 'Anyone have a spare copy of Stoner?',
        body: `I'm hosting next month and we're reading **Stoner** by John Williams. Two of our newer members are struggling to find it, and the library copies in Camden all have long waiting lists.

Does anyone have a **spare copy** they could lend or give away? I'll pass it on and make sure it comes back.

If not, the Vintage Classics paperback is around £10, and I saw a couple of second-hand copies in the **Oxfam Bookshop on Marchmont Street** last weekend.

Also: if anyone has read it before, please don't spoil the ending for the first-timers. It's very quiet, but it hits hard.`,
        tags: ['stoner', 'book-swap'],
        comments: [
          {
            body: "I have one! I'll bring it on Thursday.",
            replies: ["You're a star, thank you."],
          },
          { body: "Stoner is one of my favourite books of all time. I'm so jealous of the people reading it for the first time." },
        ],
      },
      {
        kind: 'discussion',
        title: 'Should we read more in translation?',
        body: `Looking at our list from the past two years, I counted **only four translated books out of 24**. That feels like a gap, especially for a group in a city as international as London.

Some ideas for the autumn:
- **Human Acts** by Han Kang, translated from Korean by Deborah Smith.
- **The Years** by Annie Ernaux, translated from French by Alison L. Strayer.
- **The Memory Police** by Yoko Ogawa, translated from Japanese by Stephen Snyder.
- **Drive Your Plow Over the Bones of the Dead** by Olga Tokarczuk, translated from Polish by Antonia Lloyd-Jones.

Would people be up for a **translation season**, maybe three months in a row? We could also invite a translator to one meeting; I know someone who works from Mandarin and might be happy to come along.`,
        tags: ['translation', 'world-literature'],
        comments: [
          { body: "Strongly in favour. The Years is one of the most extraordinary books I've ever read." },
          {
            body: "Inviting a translator would be amazing. I'd love to hear how they handle jokes and puns.",
            replies: ["Let's do it. I'll ask her this week."],
          },
          { body: "Could we include some poetry in translation too? Something short to read aloud." },
        ],
      },
    ],
  },

  // ───────────────────────────── San Francisco · AI & programming ─────────────────────────────
  {
    key: 'sf-ai-code-night',
    name: 'AI & Code Night SF',
    description: `Engineers, researchers and curious tinkerers building with language models and good old-fashioned code. We host a **monthly talk night in SoMa**, Saturday hack sessions and a reading group. One rule: no hype. Show us what you built, what broke, and how you measured it.`,
    city: 'san-francisco',
    tags: ['ai', 'programming'],
    visibility: 'public',
    joinPolicy: 'open',
    posts: [
      {
        kind: 'guide',
        title: 'Running an open-weights model on your laptop in ten minutes',
        body: `At last month's hack night half the room wanted to try local models, so here's the short path.

**What you need**
- A laptop with **16 GB of RAM** (Apple Silicon is ideal, recent x86 with a GPU works too).
- About 5 GB of free disk per model.

**Steps**
1. Install **Ollama** (or build **llama.cpp** if you like compiling things).
2. Pull a 7-8B instruct model in a **4-bit quantisation**. It fits comfortably in memory and is fast enough to chat with.
3. Talk to it from the terminal, or point any OpenAI-compatible client at the local server on port 11434.

**Expectations**
- Great for summarising, extraction, drafting and offline experiments.
- Weaker at long multi-step reasoning than the big hosted models.
- Token speed varies a lot: roughly 20-40 tokens per second on an M2 MacBook Air.

Bring your laptop on Saturday and we'll help debug.`,
        tags: ['local-llm', 'ollama'],
        comments: [
          {
            body: "Worked first try on my M1. The OpenAI-compatible endpoint means my existing scripts just work.",
            replies: ["Same. I only had to change the base URL and the model name."],
          },
          { body: "For anyone on Linux with an NVIDIA card, check that the CUDA build actually picked up your GPU. Mine silently fell back to CPU." },
          { body: "Would love a follow-up on picking quantisation levels. Q4 vs Q5 vs Q8 is confusing." },
        ],
      },
      {
        kind: 'experience',
        title: 'What we learned shipping a RAG assistant for a public library',
        body: `Over the last four months my team built a question-answering assistant for a **library system's catalogue and event listings**. Some honest lessons:

- **Retrieval quality is everything.** Swapping our chunking from fixed 500-token windows to section-based chunks improved answer accuracy more than any model change.
- **Hybrid search beats pure vectors.** Adding keyword search (BM25) fixed almost all of our failures on author names and ISBNs.
- **"I don't know" is a feature.** We prompt the model to refuse when the retrieved context doesn't contain the answer, and librarians trust it much more.
- **Evaluate with real questions.** We collected 300 real queries from the help desk and graded answers weekly. Synthetic test sets were misleadingly optimistic.

Biggest surprise: most questions were about opening hours and printing, not books.`,
        tags: ['rag', 'case-study'],
        comments: [
          { body: "The BM25 point is so underrated. Vector search is terrible at exact identifiers." },
          {
            body: "How did you grade the 300 questions? By hand, or with an LLM judge?",
            replies: ["Both. An LLM judge for a first pass, then librarians checked a random sample of 50 each week."],
          },
          { body: "Opening hours and printing. Of course. Every product is a FAQ in disguise." },
        ],
      },
      {
        kind: 'question',
        title: 'How do you evaluate summaries without a labelled dataset?',
        body: `I'm building a feature that summarises long customer support threads for agents who pick up a ticket mid-conversation. There's no labelled dataset of "good summaries", and writing hundreds by hand isn't realistic.

What I've considered:
- **LLM-as-judge** with a rubric (coverage, accuracy, length). Cheap, but I worry about bias towards its own style.
- **Question-answering checks**: generate questions from the thread, see if the summary answers them.
- **Agent feedback**: thumbs up/down in the UI. Noisy and slow.

What's worked for you in practice? Especially interested in how you caught **hallucinated details**, which are our biggest risk.`,
        tags: ['evals', 'summarisation'],
        comments: [
          {
            body: "For hallucinations, do claim extraction: split the summary into atomic claims and check each one against the thread. Much more reliable than one overall score.",
            replies: ["This. And log the failures so you can build a regression set over time."],
          },
          { body: "Pay a few agents to write 30-50 gold summaries. Small, but it keeps your judge honest." },
          { body: "Use a different model family as the judge than the one that generates. Reduces the self-preference problem a bit." },
        ],
      },
      {
        kind: 'discussion',
        title: 'Agent frameworks: worth it, or just write the loop yourself?',
        body: `Hot topic at the last talk night, so let's continue it here.

**Case for frameworks:** tool calling, memory, retries, tracing and multi-agent orchestration out of the box. Faster to prototype, and you get a community.

**Case for writing it yourself:** the core agent loop is about 100 lines. Call the model, parse tool calls, run tools, append results, repeat until done. Frameworks add abstraction layers that are painful to debug when something goes wrong, and they change their APIs every few months.

My take: prototype with whatever is fastest, but for production I've always ended up rewriting the loop myself so I can see every prompt and control every retry.

Where do you land?`,
        tags: ['agents', 'architecture'],
        comments: [
          { body: "Own the loop, use libraries for the boring parts like retries and tracing. Best of both worlds." },
          {
            body: "Frameworks saved us weeks on a hackathon project. I would not use them for anything long-lived though.",
            replies: ["Same experience. Great for demos, painful at scale."],
          },
          { body: "Observability is the real question. Whatever you choose, log every model call with inputs and outputs." },
        ],
      },
      {
        kind: 'experience',
        title: 'Hack night recap: 9 projects and a robot arm',
        body: `Thanks to the 40-odd people who came to Saturday's **hack night** at the coworking space on Folsom Street. Projects demoed at the end:

1. A **Muni arrival predictor** that combines the live feed with weather data. Surprisingly accurate.
2. A **recipe scaler** that converts cups to grams and adjusts baking times.
3. A **voice-controlled robot arm** that sorts Lego by colour. It sorted about 70% correctly and threw the rest on the floor.
4. A **tool to explain git diffs** in plain English for code review.
5. A **Chinese-English flashcard generator** from your own reading.

…and four more, all in the shared doc.

The robot arm team won the popular vote. The judges (us) were bribed with burritos, but the decision stands.

Next hack night: first Saturday of next month.`,
        tags: ['hackathon', 'recap'],
        comments: [
          {
            body: "The robot arm throwing Lego on the floor was the best moment of the night.",
            replies: ["To be fair, the floor is also a valid sorting category."],
          },
          { body: "Is the Muni predictor open source? I'd love to try it on my commute." },
        ],
      },
      {
        kind: 'guide',
        title: 'Postgres and pgvector: a practical starter',
        body: `You probably don't need a separate vector database. If you already run **Postgres**, the **pgvector** extension gets you a long way.

**Setup**
- Enable the extension, then add a column of type vector with the dimension of your embedding model (for example 1536).
- Store your text chunks, their metadata and their embeddings in the same table.

**Indexing**
- **HNSW** indexes give fast, accurate queries and are the sensible default now.
- IVFFlat builds faster but needs tuning, and recall drops if you don't.

**Querying**
- Order by cosine distance and limit to the top k results.
- Combine with normal WHERE clauses for filters like user or language. This is where Postgres shines.

**Gotchas**
- Normalise your embeddings if your model doesn't.
- Rebuild indexes after bulk imports.

We use this for about 2 million chunks without any trouble.`,
        tags: ['postgres', 'pgvector', 'embeddings'],
        comments: [
          { body: "The ability to filter with normal SQL is the killer feature. Vector DBs make that surprisingly hard." },
          {
            body: "How's the memory usage with HNSW at 2 million rows?",
            replies: ["A few GB for the index. Fine on a mid-sized instance, just make sure it fits in RAM."],
          },
        ],
      },
      {
        kind: 'question',
        title: 'Junior dev here: what should I learn first?',
        body: `I finished a bootcamp six months ago and I'm working as a **junior frontend developer** at a small startup in the Financial District. Everyone around me is talking about AI, and I feel like I'm falling behind.

Should I:
- go deeper on **fundamentals** (JavaScript, TypeScript, data structures, networking),
- learn **Python and ML basics**,
- or focus on **building apps on top of LLM APIs**?

I have about 5-6 hours a week outside work. I'd really appreciate advice from people who've been in the industry for a while.`,
        tags: ['career', 'learning'],
        comments: [
          {
            body: "Fundamentals first. A junior who understands HTTP, databases and debugging is worth more than one who knows ten AI libraries.",
            replies: ["Agreed. The AI tooling changes every six months. Fundamentals don't."],
          },
          { body: "Build one small LLM-powered project end to end in TypeScript. You'll learn fundamentals along the way." },
          { body: "Come to the hack nights! Pairing with people is the fastest way to learn." },
        ],
      },
      {
        kind: 'discussion',
        title: 'Call for talks: next month',
        body: `We have **three slots** for next month's talk night (20 minutes plus Q&A each). Ideas the organisers would love to see:

- **Failure stories**: a project that didn't work and why.
- **Evaluation in practice**: how your team measures quality.
- **Small models**: fine-tuning or distillation for a specific task.
- **Non-AI topics** are welcome too: compilers, databases, game dev, anything you're nerdy about.

No slides needed; a live demo and a story is often better. First-time speakers are especially welcome, and we're happy to do a practice run with you the week before.

Reply here or DM me with a title and two sentences about it.`,
        tags: ['talks', 'speakers'],
        comments: [
          { body: "I'd like to talk about our failed attempt to auto-generate unit tests. It's a good story, I promise." },
          {
            body: "Could I do a short talk on writing a tiny Lisp interpreter? Zero AI, I'm afraid.",
            replies: ["Yes please! We need a palate cleanser."],
          },
        ],
      },
    ],
  },

  // ───────────────────────────── London · Running ─────────────────────────────
  {
    key: 'london-thames-path-runners',
    name: 'Thames Path Runners',
    description: `A social running club for all paces. We meet **Tuesday evenings at 6:30pm by London Bridge** for a 5 or 8 km loop along the river, do parkrun together on Saturdays, and head out for longer canal runs on Sunday mornings. Nobody finishes alone: the back marker waits for the last runner.`,
    city: 'london',
    tags: ['running', 'fitness'],
    visibility: 'public',
    joinPolicy: 'open',
    posts: [
      {
        kind: 'guide',
        title: "A beginner's guide to parkrun",
        body: `**parkrun** is a free, timed 5 km run every Saturday morning at 9am, in parks all over the UK. It started with 13 runners in **Bushy Park** in 2004, and there are now dozens of events across London.

**How it works**
1. **Register once** online and print your barcode (or put it on your phone).
2. Turn up before 9am. There's a short briefing for first-timers.
3. Run, jog or walk the 5 km. Plenty of people walk the whole way.
4. Scan your barcode at the finish. Your time arrives by email a few hours later.

**Tips**
- It's not a race. Really.
- Volunteers make it happen, so try to help out a few times a year.
- The café afterwards is half the fun.

Our favourite London parkruns: **Hackney Marshes**, Burgess Park, and Richmond Park if you like hills.`,
        tags: ['parkrun', 'beginners'],
        comments: [
          {
            body: "Volunteering as tail walker is one of the best ways to meet people. You get a lot of chats with the walkers at the back.",
            replies: ["Tail walking is the best job. I did it last month and got a round of applause at the end."],
          },
          { body: "Burgess Park is flat and fast, great for a PB attempt." },
          { body: "Don't forget your barcode! No barcode, no time. I learned the hard way." },
        ],
      },
      {
        kind: 'experience',
        title: 'My first London Marathon: notes from the Isle of Dogs',
        body: `I ran the **London Marathon** on Sunday. Finished in 4:21. Still can't walk down stairs. Some notes:

- **Greenwich to Tower Bridge** (miles 1-12) felt like a party. The crowds at Cutty Sark are incredible. I went out too fast, like everyone told me not to.
- **Tower Bridge** at mile 12 is the most emotional moment. The noise is unreal.
- **The Isle of Dogs** (miles 14-21) is where it got hard. Fewer crowds, lots of turns, and the Canary Wharf towers mess with your GPS.
- **Mile 21-23** along the Highway: pure grit. I walked through two water stations.
- **Birdcage Walk** to the finish on the Mall: I cried. Openly.

Thank you to everyone from the club who cheered at mile 19. Hearing my name from a familiar voice got me through the hardest part.`,
        tags: ['marathon', 'race-report'],
        comments: [
          {
            body: "Congratulations! 4:21 on your first marathon is brilliant.",
            replies: ["Thank you! Already thinking about sub-4 next year, which everyone tells me is normal."],
          },
          { body: "The GPS chaos around Canary Wharf gets everyone. My watch said I'd run 28 miles." },
          { body: "Mile 19 cheer squad reporting for duty. You looked strong!" },
        ],
      },
      {
        kind: 'question',
        title: 'A good 10k loop from London Bridge?',
        body: `I've just started working near **London Bridge** and want to run at lunchtime. I'm looking for a roughly **10 km loop** that:

- avoids the worst of the tourist crowds,
- ideally crosses a couple of bridges for variety,
- doesn't require stopping at traffic lights every 200 metres.

I've done the Tower Bridge to Westminster Bridge loop, but it's about 6 km and very busy around the South Bank. Any suggestions for extending it? I'd also love to know where people shower after a lunchtime run if their office doesn't have facilities.`,
        tags: ['routes', 'lunchtime-runs'],
        comments: [
          {
            body: "Extend it to Vauxhall Bridge and back along the north bank past Pimlico. It's quieter than the South Bank, around 10 km total.",
            replies: ["This is my route. The stretch along Millbank is lovely early in the morning."],
          },
          { body: "Head east instead: Tower Bridge, Wapping, the Thames Path to Limehouse and back via Shadwell. Much fewer tourists." },
          { body: "Some gyms near London Bridge offer shower-only memberships. Worth asking." },
        ],
      },
      {
        kind: 'guide',
        title: "Running the Regent's Canal end to end",
        body: `The **Regent's Canal** towpath runs about **13.8 km (8.6 miles)** from Limehouse Basin to Little Venice. It's one of the best long runs in London, with a few quirks:

- **Start at Limehouse Basin** and head west. You pass Mile End Park, Victoria Park, Broadway Market and Camden Lock.
- **Islington Tunnel:** the towpath doesn't go through. Leave at Colebrooke Row, cross Upper Street via Chapel Market, and rejoin at Muriel Street. Follow the signs, it's easy.
- **Camden Lock** on a weekend afternoon is a wall of people. Go early.
- **Maida Hill Tunnel** near the end is short; take the road over Edgware Road.
- The towpath is **shared with cyclists**, so keep left and don't wear noise-cancelling headphones.

Finish with a coffee at Little Venice and take the Bakerloo line home.`,
        tags: ['canal', 'long-run'],
        comments: [
          { body: "Did this on Sunday thanks to your guide. The Islington detour was easy once I knew it was coming." },
          {
            body: "Early Sunday mornings are magic on the canal, mist on the water and nobody around.",
            replies: ["And herons! Every time I see one it's like a tiny miracle."],
          },
        ],
      },
      {
        kind: 'discussion',
        title: 'Track sessions at Mile End on Thursdays?',
        body: `Several of you have asked about doing **speed work**. I've been looking into booking a lane at **Mile End Stadium** on Thursday evenings.

Proposal:
- **Thursdays, 7pm to 8pm**, starting next month.
- Warm-up, a main set (e.g. 6 × 800 m or 10 × 400 m), cool-down.
- Groups by pace so nobody feels rushed or held back.
- A small fee per session to cover the track booking, probably around £4 each.

I've done a coaching course, so I'm happy to plan the sessions. I'd need at least 10 people to make it work.

Who's interested? And what kind of sessions would you like: pure speed, or more marathon-specific work?`,
        tags: ['track', 'speed-work'],
        comments: [
          { body: "I'm in! My 5 km time has been stuck for months." },
          {
            body: "Marathon-specific would be great for the spring crowd, maybe with tempo sessions.",
            replies: ["Good idea. We could alternate: speed one week, tempo the next."],
          },
          { body: "£4 is very reasonable. Count me in for Thursdays." },
        ],
      },
      {
        kind: 'experience',
        title: 'The Hackney Half in the heat',
        body: `Sunday's **Hackney Half** was run in what felt like 25°C with full sun from 9am. Not ideal.

My plan was a PB at 1:45. Reality: **1:58**, and I was very happy with it.

What helped:
- **Slowing down early.** By mile 3 I could tell it was going to be a hot one, so I dropped my pace by 20 seconds per mile.
- **Water at every station**, half to drink and half over my head.
- The **sprinklers and hoses** from people along the route. Hackney, you're the best.
- **Electrolytes** the day before, not just on the day.

What didn't: my brand-new cap, which rubbed a sore patch on my forehead.

Lots of people were collapsing near the finish. Please run to the conditions, not to your plan.`,
        tags: ['race-report', 'hot-weather'],
        comments: [
          {
            body: "Great decision to slow down. So many people went out at PB pace and paid for it.",
            replies: ["Me included. I walked the last two miles. Lesson learned."],
          },
          { body: "The hoses on Mare Street were heavenly." },
        ],
      },
      {
        kind: 'question',
        title: 'Anyone switched to wider toe box shoes?',
        body: `I've been getting **black toenails** and a numb feeling in my forefoot on runs over 15 km. A physio suggested trying shoes with a **wider toe box**.

Has anyone made the switch? I'm curious about:
- which brands or models you'd recommend,
- whether you had to change your stride or build up mileage slowly,
- whether zero-drop shoes are worth it or a step too far.

I usually wear a fairly narrow, cushioned shoe with an 8-10 mm drop. There's a running shop in **Covent Garden** with a treadmill for gait analysis that I might visit this weekend.`,
        tags: ['shoes', 'injury'],
        comments: [
          {
            body: "I switched to a wide-fit version of my usual brand and the black toenails disappeared within a month.",
            replies: ["Didn't know wide fits existed. Going to check this out."],
          },
          { body: "Go slowly with zero drop. My calves were wrecked for two weeks after my first 10 km in them." },
          { body: "Also try sizing up half a size. Feet swell a lot on long runs." },
        ],
      },
      {
        kind: 'discussion',
        title: 'Post-run breakfast: vote for our Sunday spot',
        body: `After the Sunday long run, we usually end up standing around trying to decide where to eat. Let's settle it with a vote. Nominations so far:

1. **A café on Broadway Market** – great sourdough, but always a queue.
2. **E Pellicci** on Bethnal Green Road – a classic family-run café since 1900. Full English, proper tea.
3. **Pavilion** in Victoria Park – by the lake, lovely outdoors, and they do a good bacon naan.
4. **Bagel shop on Brick Lane** – cheap, open 24 hours, legendary salt beef bagels.

Reply with your favourite. Whatever wins becomes our default for the next three months, then we rotate.`,
        tags: ['food', 'social'],
        comments: [
          { body: "Pellicci. It's a national treasure and the staff are wonderful." },
          {
            body: "Pavilion! The bacon naan after a long run is a religious experience.",
            replies: ["Yes! Pavilion gets my vote too."],
          },
          { body: "Salt beef bagel at 10am is technically breakfast. Brick Lane all the way." },
        ],
      },
    ],
  },

  // ───────────────────────────── San Francisco · Climbing (approval) ─────────────────────────────
  {
    key: 'bay-area-crag-crew',
    name: 'Bay Area Crag Crew',
    description: `Outdoor climbing trips from the Bay: Castle Rock, Indian Rock, Pinnacles, Bishop and the occasional Yosemite weekend. Because we carpool, share ropes and trust each other's belays, we ask new members to tell us about their experience (**lead, belay, outdoor days**) before we approve. Gym climbers are welcome; we run regular gym-to-crag days.`,
    city: 'san-francisco',
    tags: ['climbing', 'fitness'],
    visibility: 'public',
    joinPolicy: 'approval',
    posts: [
      {
        kind: 'guide',
        title: 'Your first day at Castle Rock State Park',
        body: `**Castle Rock** in the Santa Cruz Mountains is the Bay's classic first outdoor crag: about an hour and a half from the city, with sandstone boulders and short top-rope walls.

**What to expect**
- The rock is **honeycombed sandstone**, full of pockets and scoops. It feels nothing like gym plastic. Your feet will feel insecure at first.
- Grades feel **stiff**. A V2 here can feel like a V4 in the gym.
- Most climbing is within a short walk of the main lot on Skyline Blvd. There's a day-use fee, so bring a card.

**Please**
- **Don't climb when the rock is wet.** Sandstone is soft and holds break. Give it a couple of dry days after rain.
- Brush off your tick marks and don't leave chalk everywhere.
- Bring two crash pads if you can.

The view from Castle Rock Falls overlook makes a nice break while your forearms recover.`,
        tags: ['castle-rock', 'beginners', 'bouldering'],
        comments: [
          {
            body: "The wet sandstone rule is so important. Some classic holds have already broken because people climbed too soon after rain.",
            replies: ["Agreed. If in doubt, go to the gym."],
          },
          { body: "Stiff grades are an understatement. I was humbled on my first visit." },
          { body: "The walk to Goat Rock is worth it for a few easy top-ropes with a great view." },
        ],
      },
      {
        kind: 'experience',
        title: "Bishop over Presidents' Day: Buttermilks, Happies and frozen fingers",
        body: `Six of us drove to **Bishop** for the long weekend. Five hours from the city, plus a stop in Lee Vining for the mandatory burger.

**Saturday: the Buttermilks.** Big granite boulders under the Sierra, with views that make it hard to focus. Temperatures in the 30s°F in the morning, so we started at 11. Friction was amazing.

**Sunday: the Happy Boulders.** Volcanic tuff, so completely different rock: lots of pockets and edges. Shorter walk, more sheltered from the wind. We worked a big circuit in the main canyon and everyone sent something.

**Monday:** rest day, because everyone's skin was destroyed. Hot springs and Erick Schat's bakery instead.

We camped at the Pleasant Valley campground. Bring a **very warm sleeping bag**: it dropped to 18°F on Saturday night.`,
        tags: ['bishop', 'trip-report', 'bouldering'],
        comments: [
          {
            body: "The Buttermilks at golden hour is one of the most beautiful places I've ever climbed.",
            replies: ["It's also the coldest. My hands still haven't forgiven me."],
          },
          { body: "Erick Schat's sheepherder bread is essential equipment for any Bishop trip." },
        ],
      },
      {
        kind: 'question',
        title: 'Gym to crag: what do I actually need to buy?',
        body: `I've been climbing at **Dogpatch Boulders** and the Touchstone gym on 19th Street for about a year. Comfortable on V3-V4 indoors and top-rope 5.10. I'd love to start climbing outside, but I'm not sure what gear I need.

I already have:
- Shoes, chalk bag, harness, belay device.

What else do I need for **bouldering** and for **top-roping** outdoors? Is it worth buying a crash pad straight away, or should I borrow one first? Are there any courses people recommend for learning to set up top-rope anchors safely?

I'd love to join a gym-to-crag day if there's one coming up.`,
        tags: ['gear', 'gym-to-crag'],
        comments: [
          {
            body: "Borrow a crash pad for your first few trips. You'll know which size you want after a couple of outings.",
            replies: ["And buy a brush. Cheap, small, and the crag will thank you."],
          },
          { body: "For top-rope anchors, take a proper course from a certified guide. Don't learn from videos." },
          { body: "There's a gym-to-crag day at Castle Rock next month. I'll add you to the list." },
        ],
      },
      {
        kind: 'discussion',
        title: 'Pinnacles raptor closures: please respect them',
        body: `A reminder before the spring climbing season at **Pinnacles National Park**. Every year, parts of the park close to climbing to protect nesting **prairie falcons, peregrine falcons and golden eagles**. The closures usually run from late winter to summer, and they change each year depending on where the birds nest.

Last year someone posted photos from a closed formation in another group. It caused a lot of trouble for climbers as a whole.

Please:
- **Check the closure list** on the park's website before every trip, not just once a season.
- Don't ask for exceptions. The rangers won't give them, and it makes climbers look bad.
- Report any disturbance you see.

The park is one of the few places **California condors** nest in the wild. We're lucky to climb there at all.`,
        tags: ['pinnacles', 'conservation'],
        comments: [
          { body: "Thanks for this. I saw a condor on the High Peaks trail last spring and it was unforgettable." },
          {
            body: "Could we pin this post for the season?",
            replies: ["Done, pinned until July."],
          },
        ],
      },
      {
        kind: 'guide',
        title: 'Indian Rock after work: a Berkeley evening session',
        body: `If you live in the East Bay or don't mind a BART ride, **Indian Rock Park** in north Berkeley is a perfect after-work bouldering spot.

**Getting there:** BART to North Berkeley, then a 20-minute walk up through the neighbourhood, or a short drive with street parking on Indian Rock Avenue.

**The rock:** volcanic, quite slick and polished in places from decades of use. It's a small area, but packed with classic traverses and short problems. **Mortar Rock** is just down the street for a change of scene.

**When to go:** evenings in late spring and autumn, when the rock is cool. Summer afternoons are greasy.

**Bonus:** the view across the Bay to the Golden Gate at sunset. Climbers and dog walkers gather on top every clear evening.

Bring a pad, but keep the footprint small. The neighbours are patient with us; let's keep it that way.`,
        tags: ['indian-rock', 'berkeley', 'bouldering'],
        comments: [
          { body: "The sunset from the top of Indian Rock never gets old. Best free view in the Bay." },
          {
            body: "Is it okay to go alone, or is it better with a spotter?",
            replies: ["Always better with a spotter, but there's usually someone around who'll spot you if you ask."],
          },
        ],
      },
      {
        kind: 'experience',
        title: "Mickey's Beach at low tide",
        body: `Finally made it to **Mickey's Beach** near Stinson last weekend for some sport climbing and bouldering right by the ocean. It's a unique spot with a few quirks.

**Tides:** many routes are only accessible at **low tide**. We timed our arrival for a tide below 2 ft and had about three hours. Check the tide chart, then check it again.

**The rock:** serpentine, which is slick, especially when damp from fog. Holds that look good can feel like soap. My hands were constantly sweaty and salty.

**The approach:** a steep dirt path down from Highway 1. Not fun with a crash pad on a windy day.

Worth it? For the views and the novelty, yes. For pure climbing quality, probably not. We finished with coffee in Stinson while the tide came in.`,
        tags: ['mickeys-beach', 'marin'],
        comments: [
          {
            body: "Soap is exactly the right word for serpentine when it's damp.",
            replies: ["Serpentine is also California's state rock, so it's tradition to suffer on it."],
          },
          { body: "Great write-up. Were there any other climbers there?" },
          { body: "Adding it to the list for a clear, dry day in autumn." },
        ],
      },
      {
        kind: 'question',
        title: 'Anyone up for Yosemite in October?',
        body: `I'm planning a **Yosemite Valley climbing weekend** in mid-October, when it's cooler and the crowds have thinned. I have a car with three spare seats.

Looking for people who:
- are comfortable **leading 5.8-5.9 trad**, or at least following confidently,
- can **build and clean anchors** on multi-pitch routes,
- are happy to camp at **Camp 4** if we get a spot (it's first-come, first-served and can be a gamble).

Objectives: maybe **Nutcracker** and **After Six** at Manure Pile Buttress, with some single-pitch cragging on day two. Split gas and camping costs.

Reply or DM me with your experience.`,
        tags: ['yosemite', 'trad', 'multi-pitch'],
        comments: [
          {
            body: "I'm interested! I've led 5.8 trad at Lover's Leap and did After Six last year.",
            replies: ["Perfect, sending you a DM now."],
          },
          { body: "Weekday arrival gives you a much better shot at Camp 4. Worth taking Friday off if you can." },
          { body: "Nutcracker is such a great route. Watch out for the mantle on the last pitch." },
        ],
      },
      {
        kind: 'discussion',
        title: 'Leave No Trace at the crag: chalk, tick marks and brushing',
        body: `More people are climbing outside than ever, which is great, but some of our local crags are starting to show it. Let's agree on a few basics:

- **Brush your tick marks and chalk** at the end of the day. Use a soft brush; wire brushes damage sandstone.
- **Pack out everything**, including tape, fruit peels and cigarette butts.
- **Stay on established trails** to avoid erosion, especially on the approaches at Castle Rock.
- **Keep the noise down.** Shouting and speakers ruin the experience for others, and some crags are near homes.
- **Don't leave gear** or fixed draws without talking to local climbers first.

Access to many crags depends on good relationships with land managers. Let's protect it.`,
        tags: ['leave-no-trace', 'access'],
        comments: [
          { body: "Thanks for the reminder about wire brushes. I didn't know they damage sandstone." },
          {
            body: "Could we organise a crag clean-up day? The Access Fund sometimes supports them.",
            replies: ["Great idea. I'll look into it for Castle Rock this spring."],
          },
        ],
      },
    ],
  },

  // ───────────────────────────── London · Photography ─────────────────────────────
  {
    key: 'london-street-photo-walks',
    name: 'London Street Photography Walks',
    description: `Photo walks through London's markets, backstreets and riverside, **twice a month on Sunday mornings**. Any camera is welcome: phones, film compacts, mirrorless, that Leica you keep meaning to use. We finish every walk in a café looking at each other's shots and run a monthly theme with a small online exhibition.`,
    city: 'london',
    tags: ['photography'],
    visibility: 'public',
    joinPolicy: 'open',
    posts: [
      {
        kind: 'guide',
        title: 'Five routes for your first London street photography walk',
        body: `New to street photography? These are our go-to routes, each around two hours at a slow pace.

1. **Columbia Road to Brick Lane** (Sunday morning) – the flower market from 8am is colour, noise and characters, then Brick Lane's vintage stalls and murals.
2. **South Bank to Borough Market** – skateboarders at the Undercroft, second-hand books under Waterloo Bridge, then market chaos.
3. **Soho at dusk** – neon, rain on the pavement if you're lucky, and people spilling out of pubs on Old Compton Street.
4. **The Barbican** – brutalist geometry, strong shadows, and the lakeside terrace. Great for minimalist compositions.
5. **Canary Wharf at blue hour** – reflections, glass, commuters. Note that it's private land; security may ask you not to use a tripod.

Tip: **pick one route and walk it slowly**. Coming back to the same place teaches you more than racing around the city.`,
        tags: ['routes', 'beginners'],
        comments: [
          {
            body: "Columbia Road at 8am on a Sunday is magical. The traders shouting deals are the best subjects.",
            replies: ["'Three for a tenner!' is burned into my memory."],
          },
          { body: "The Undercroft is one of my favourite places in London. The skaters are usually happy to be photographed if you ask." },
          { body: "Barbican on a sunny winter afternoon is unbeatable for long shadows." },
        ],
      },
      {
        kind: 'experience',
        title: 'Shooting film at Columbia Road',
        body: `I took my old **Olympus OM-1** to Columbia Road Flower Market last Sunday with a roll of **Ilford HP5** pushed to 1600, because it was grey and dark under the awnings.

The results came back from the lab yesterday. A few learnings:
- **Pushing HP5** gave lovely grain and deep blacks. The flowers lose their colour, obviously, but the textures of leaves and faces are amazing.
- I only had **36 shots**, so I waited for moments instead of spraying. I think my keeper rate was higher than on digital.
- A flower seller asked what camera I was using and told me about his dad's old Pentax. Film cameras start conversations.

My favourite frame: an older woman carrying a huge bunch of eucalyptus, looking straight into the lens, unimpressed.

Going to try **Portra 400** next time for colour.`,
        tags: ['film', 'columbia-road'],
        comments: [
          {
            body: "The eucalyptus portrait is stunning. That expression!",
            replies: ["She was entirely unimpressed with me. I love it."],
          },
          { body: "Film really does slow you down in a good way. I should dig mine out." },
        ],
      },
      {
        kind: 'question',
        title: 'Is it legal to photograph people in the street in the UK?',
        body: `A couple of weeks ago someone in Covent Garden shouted at me for taking a photo of a busker, and said it was "illegal to photograph people without consent".

From what I've read, **in the UK it's generally legal to photograph people in public places**, and there's no law requiring consent for taking photos. But I'm less clear on:

- **Private land that looks public**, like Granary Square or Canary Wharf.
- Using photos **commercially** (e.g. selling prints or stock).
- Photographing **children**.
- What to do if someone asks you to delete a photo.

Would love to hear how others handle it, both legally and ethically.`,
        tags: ['law', 'ethics'],
        comments: [
          {
            body: "You're right about public places. Private estates like Canary Wharf can ask you to stop or leave, but they can't make you delete photos.",
            replies: ["And the police can't either, except in very specific circumstances."],
          },
          { body: "Commercial use is different. For stock you need a model release for recognisable people." },
          { body: "Legal aside, I always delete if someone asks politely. It costs me nothing and keeps things friendly." },
        ],
      },
      {
        kind: 'discussion',
        title: 'Ricoh GR or Fuji X100: the eternal debate',
        body: `Every photo walk, someone asks which compact to buy for street photography. Let's settle it (we won't settle it).

**Ricoh GR III / IIIx**
- Truly **pocketable**. You'll always have it with you.
- **Snap focus** lets you shoot without waiting for autofocus.
- No viewfinder, and the battery life is poor.

**Fuji X100V / X100VI**
- Beautiful **hybrid viewfinder** and physical dials.
- Lovely colours straight out of camera.
- Bigger, more expensive, and harder to buy thanks to the hype.

My take: the GR is a better street camera, the X100 is a better camera. Which one do you use, and would you switch?`,
        tags: ['gear', 'cameras'],
        comments: [
          { body: "GR owner. The fact that it fits in my jeans pocket means I actually take it everywhere." },
          {
            body: "X100V for me. I just love looking through that viewfinder.",
            replies: ["The viewfinder is addictive. Totally agree."],
          },
          { body: "Honestly, a phone is fine. The best camera is the one you have, etc." },
          { body: "I use both and still carry spare batteries for the GR in every jacket." },
        ],
      },
      {
        kind: 'experience',
        title: 'Blue hour at Canary Wharf',
        body: `Seven of us met at **Canary Wharf** last Thursday for a blue-hour walk. Sunset was at 4:10pm, so we started at 3:45.

**Best spots:**
- **Crossrail Place roof garden** – the timber lattice against the deepening sky.
- The **reflecting pools** around Canada Square for skyscrapers in puddles.
- **Westferry Circus** looking back towards the towers as the office lights came on.
- The **DLR platforms** for long exposures of trains.

Security politely asked two of us to fold up our tripods near One Canada Square, so we switched to handheld and wall-braced shots.

Lessons: **shoot RAW** so you can fix the strange colour casts from the office lighting, and bring gloves. Standing still for half an hour in November is cold work.`,
        tags: ['blue-hour', 'architecture'],
        comments: [
          {
            body: "The Crossrail roof garden shots were my favourite of the night.",
            replies: ["That lattice is a gift for photographers."],
          },
          { body: "Thanks for organising. Can we do Battersea Power Station next time?" },
        ],
      },
      {
        kind: 'guide',
        title: 'Getting film developed in London',
        body: `Lots of new members are getting into film. Here's what we've learned from years of developing in London.

**Labs**
- Most labs charge roughly **£10-£15 for develop and scan** of a 35 mm roll, more for higher-resolution scans.
- **Independent labs** in Hackney, Brixton and central London usually offer better scans and colour correction than chain shops. Ask on our group chat for current favourites.
- Expect **2-7 days** turnaround. Some labs offer same-day for C-41 at a premium.

**Develop at home**
- **Black and white** is easy to develop in a kitchen. A tank, reels, chemistry and a changing bag cost about £80.
- C-41 colour is possible at home but needs accurate temperature control.

**Buying film**
- Prices have risen a lot. Buy in bulk from online shops and keep it in the fridge.`,
        tags: ['film', 'darkroom'],
        comments: [
          {
            body: "Home developing B&W is one of the most satisfying things I've learned. Go for it.",
            replies: ["Agreed. The first time you pull a wet strip of negatives out of the tank is magical."],
          },
          { body: "Fridge for film, yes. Just let it warm up before you load it to avoid condensation." },
        ],
      },
      {
        kind: 'question',
        title: 'Do you ask permission before taking close-up portraits?',
        body: `After the legal thread, I'm curious about **ethics and approach**. When you see a great face or moment:

- Do you **shoot first and ask later**, or ask first and risk losing the spontaneity?
- Do you **show people the photo** afterwards?
- How do you handle **vulnerable people**, like people sleeping rough?

I've been doing a lot of candid shots from a distance on a long lens, and it feels a bit sneaky. But asking permission usually makes people pose, and the moment is gone.

How do you find the balance?`,
        tags: ['ethics', 'portraits'],
        comments: [
          {
            body: "Shoot first, then smile and show them. Nine out of ten people are delighted. The tenth, I delete.",
            replies: ["This is my approach too. Being open about it makes all the difference."],
          },
          { body: "I never photograph people sleeping rough without a real conversation first. It feels exploitative otherwise." },
          { body: "Try a wider lens and get closer. It feels less sneaky than a telephoto and people see you." },
        ],
      },
      {
        kind: 'discussion',
        title: "This month's theme: 'Reflections'",
        body: `Our theme for this month is **Reflections**. Puddles, shop windows, car bonnets, sunglasses, the Thames, anything that bounces light back.

**How it works**
- Submit up to **three photos** in the comments of this post by the last Sunday of the month.
- Any camera, any editing style.
- We'll pick ten for the **online exhibition** on the group page, and the top three get printed and hung in the café where we meet after walks.

Ideas to get you started:
- The **Leadenhall Building** reflected in puddles in the City after rain.
- Shop windows on **Regent Street** at night.
- The glass walls at **King's Cross**.

Looking forward to seeing what everyone finds!`,
        tags: ['monthly-theme', 'reflections'],
        comments: [
          { body: "London in winter is basically a reflection factory. Should be a good month." },
          {
            body: "Can phone photos be printed for the café wall?",
            replies: ["Absolutely. Phones print beautifully at A4."],
          },
        ],
      },
    ],
  },

  // ───────────────────────────── San Francisco · Coffee ─────────────────────────────
  {
    key: 'sf-coffee-nerds',
    name: 'SF Coffee Nerds',
    description: `For people who get unreasonably excited about a good cortado. We do **café crawls** across the Mission, Hayes Valley and the Sunset, host home cuppings, and help each other dial in grinders and espresso machines. Beginners welcome: nobody will judge your oat latte.`,
    city: 'san-francisco',
    tags: ['coffee', 'food-tasting'],
    visibility: 'public',
    joinPolicy: 'open',
    posts: [
      {
        kind: 'guide',
        title: 'A cortado crawl through the Mission',
        body: `Our most popular crawl, about 2 miles on foot. Order a **cortado** at each stop so you can compare fairly, and pace yourself: four in one morning is plenty.

1. **Ritual Coffee, Valencia Street** – one of the shops that kicked off SF's third-wave scene. Bright, fruity espresso.
2. **Four Barrel, Valencia Street** – no Wi-Fi, big industrial space, records on the turntable.
3. **Sightglass, 20th Street** – airy room with a mezzanine and a seasonal menu worth a look.
4. **Linea Caffe, 18th Street** – tiny, serious espresso, and waffles if you need food.

**Budget:** around $5-6 per cortado, so about $25 for the crawl with tips.

**Tip:** have a glass of water between each stop. Your heart will thank you.`,
        tags: ['cafe-crawl', 'mission'],
        comments: [
          {
            body: "Did this with my sister last weekend. Linea was our favourite by a mile.",
            replies: ["Linea's espresso is always so balanced. And the waffles!"],
          },
          { body: "Four cortados before noon should come with a health warning." },
          { body: "Would love a Hayes Valley version of this crawl!" },
        ],
      },
      {
        kind: 'experience',
        title: 'Blind cupping of six light roasts',
        body: `Eight of us met in Dana's apartment in **Noe Valley** for a blind cupping of six light-roast coffees, all bought from local roasters in the past week.

The coffees included **two Ethiopian naturals**, a washed Kenyan, a Colombian, a Guatemalan and a Costa Rican honey-process.

Results:
- **Winner:** a washed Kenyan with blackcurrant and grapefruit notes. Almost everyone rated it top.
- **Biggest surprise:** the Guatemalan, which we expected to be boring but was chocolatey and sweet.
- **Most divisive:** one Ethiopian natural, described as "blueberry jam" by half of us and "fermented fruit bowl" by the rest.

Lessons: use the **same grind size and water temperature** for all, slurp loudly, and have plenty of crackers.

Next time: a dark roast cupping. Controversial, I know.`,
        tags: ['cupping', 'light-roast'],
        comments: [
          {
            body: "'Fermented fruit bowl' is still the best tasting note I've ever heard.",
            replies: ["It's accurate though."],
          },
          { body: "Dark roast cupping would be fun. It'd be good to challenge our biases." },
          { body: "Who was the Kenyan from? I need to buy a bag." },
        ],
      },
      {
        kind: 'question',
        title: 'Best grinder under $200 for pour-over?',
        body: `I brew a **V60** every morning and my blade grinder is giving me wildly uneven grounds. Time to upgrade.

Budget is **$200**, and it's just for pour-over (no espresso). I'm deciding between:
- an **electric burr grinder**, like the Baratza Encore ESP,
- a **hand grinder** from 1Zpresso or Timemore.

Hand grinders seem to give better quality for the money, but I'm not sure I want to grind by hand every morning before work. My apartment in the **Tenderloin** is small, so noise and counter space matter too.

What are people using and why?`,
        tags: ['gear', 'grinders', 'pour-over'],
        comments: [
          {
            body: "Hand grinder for the quality. Grinding 20 g takes about 30 seconds and it's a nice little morning ritual.",
            replies: ["Agree. I grind while the kettle heats up. Zero extra time."],
          },
          { body: "The Encore ESP is great if you also want to make the occasional espresso. Very easy to live with." },
          { body: "Whatever you buy, get a small scale too. Grind consistency doesn't help if the dose is random." },
        ],
      },
      {
        kind: 'discussion',
        title: '$7 drip coffee: are we okay with this?',
        body: `I paid **$7.50 for a single-origin pour-over** in Hayes Valley yesterday. With tip, almost $9.

I get it: rent in SF is brutal, baristas deserve a living wage, specialty green coffee prices have gone up a lot, and these beans are farmed and roasted with real care. I'm not complaining about the shop.

But I'm also wondering:
- Where's the **line** for you? When does coffee become a luxury instead of a routine?
- Have you cut back, switched to brewing at home, or just accepted it?
- Do you tip on coffee? How much?

Not trying to start a fight, just curious how everyone's thinking about it.`,
        tags: ['prices', 'tipping'],
        comments: [
          { body: "I brew at home on weekdays and treat myself at a café on weekends. Feels like a good balance." },
          {
            body: "A dollar per drink is my tipping rule. More if they remember my order.",
            replies: ["Same. Being remembered is worth more than a dollar though."],
          },
          { body: "Honestly, $7.50 for something someone hand-brewed for five minutes is still cheaper than most cocktails." },
        ],
      },
      {
        kind: 'guide',
        title: 'Dialling in an AeroPress for foggy mornings',
        body: `The AeroPress is the most forgiving brewer out there, but a few tweaks take it from good to great. Here's my go-to recipe.

**Inverted method, one cup**
- **15 g coffee**, medium-fine grind (a little coarser than espresso, finer than V60).
- **230 g water** at **90°C** for light roasts, slightly cooler for darker roasts.
- Add water, stir 10 times, steep **1:45**.
- Flip onto your mug and press gently for about 30 seconds. Stop when you hear the hiss.

**Troubleshooting**
- **Bitter?** Grind coarser or shorten the steep.
- **Sour or thin?** Grind finer or use hotter water.
- **Too strong?** Dilute with a splash of hot water. It's a feature, not cheating.

It's also the best brewer for **camping trips** and travel. Unbreakable and light.`,
        tags: ['aeropress', 'recipes'],
        comments: [
          {
            body: "The inverted method scares me. I've had one flip spectacularly onto the counter.",
            replies: ["Just use the standard method with a paper filter pre-rinsed. Works great too."],
          },
          { body: "The AeroPress has come on every backpacking trip I've done for years. Essential." },
        ],
      },
      {
        kind: 'experience',
        title: 'Saturday at the Ferry Building farmers market',
        body: `Spent Saturday morning at the **Ferry Plaza Farmers Market** with three members from the group. It's a coffee and food lover's paradise, but it needs planning.

- **Arrive by 8:30am**, before the crowds. By 10 it's shoulder to shoulder.
- The **Blue Bottle kiosk** queue was about 15 minutes, which is short for a Saturday. The New Orleans-style iced coffee is still a classic.
- We bought **fresh beans** from a local roaster's stall and chatted with the roaster about their new Burundi lot.
- Grabbed a **breakfast sandwich** and ate it on the benches facing the Bay Bridge.

Total spend: about $40 each, including beans, pastries and peaches we absolutely did not need.

The view of the bay and the ferries coming and going makes the lines worth it.`,
        tags: ['ferry-building', 'farmers-market'],
        comments: [
          {
            body: "The peaches are always a good idea. Always.",
            replies: ["We ate half of them on the walk back to BART. No regrets."],
          },
          { body: "The New Orleans iced coffee is my summer staple. Thanks for the reminder!" },
          { body: "I love that the roasters at the market are so chatty. You learn a lot in five minutes." },
        ],
      },
      {
        kind: 'question',
        title: 'Where to buy fresh beans in the Richmond or the Sunset?',
        body: `I just moved to the **Outer Richmond** and I'm missing the coffee shops in my old neighbourhood in the Mission. Where do people buy **fresh beans** out here?

I'm looking for:
- beans roasted within the last **two weeks**, with the roast date printed on the bag,
- light to medium roasts for pour-over,
- somewhere I can walk to or reach on the 38 or the N-Judah.

Also, any good cafés for working on a laptop? Preferably with decent Wi-Fi and not too many surfers in wet suits dripping on the floor (or maybe that's part of the charm).`,
        tags: ['richmond', 'sunset', 'beans'],
        comments: [
          {
            body: "Andytown in the Outer Sunset roasts their own beans, and the Snowy Plover is a must-try. Very surf vibes.",
            replies: ["The Snowy Plover is so good. Espresso, sparkling water and whipped cream. Sounds weird, tastes amazing."],
          },
          { body: "Clement Street has a few good spots. Walk from 6th Avenue to 25th Avenue and you'll find something." },
          { body: "Surfers dripping on the floor is definitely part of the charm out there." },
        ],
      },
      {
        kind: 'discussion',
        title: 'Light roast fatigue: anyone else?',
        body: `Controversial opinion incoming. I've been drinking mostly **very light roasts** for the past three years, and lately I've found myself craving something rich and chocolatey instead of tea-like and acidic.

I think the specialty scene, especially in SF, has swung so far towards light roasts that **medium roasts** have become almost embarrassing to order. But a well-roasted medium Brazilian or Colombian can be wonderful, especially with milk.

Questions:
- Has anyone else felt this?
- Which roasters do a great **medium roast** these days?
- Is it just seasonal? Maybe I just want comfort coffee in winter.

No judgement for dark roast lovers either. You do you.`,
        tags: ['roast-levels', 'opinions'],
        comments: [
          { body: "Yes! A medium roast with milk on a foggy morning is unbeatable." },
          {
            body: "Acidity fatigue is real. I switch to medium roasts every winter.",
            replies: ["Seasonal coffee habits, I love it. We're all wine people now."],
          },
          { body: "I think roasters are slowly coming back around to medium. The pendulum always swings." },
        ],
      },
    ],
  },

  // ───────────────────────────── London · Yoga ─────────────────────────────
  {
    key: 'london-yoga-in-the-park',
    name: 'Yoga in the Park London',
    description: `Free, donation-based outdoor yoga in **Regent's Park and on Primrose Hill**, Saturday mornings from May to September, plus indoor sessions and a monthly meditation circle in winter. Classes are taught by volunteer teachers and suit every level. Bring a mat, a layer and an open mind.`,
    city: 'london',
    tags: ['yoga', 'meditation'],
    visibility: 'public',
    joinPolicy: 'open',
    posts: [
      {
        kind: 'guide',
        title: "What to bring to outdoor yoga in Regent's Park",
        body: `First outdoor class this Saturday? Here's what our regulars bring.

- **A mat with grip.** The grass can be damp even on sunny days. A thin waterproof picnic blanket underneath keeps your mat dry.
- **Layers.** London in May can be 12°C at 9am. Start in a hoodie, peel off as you warm up.
- **Sun cream and a hat** for summer sessions. There's little shade on the open lawn.
- **Water**, and a snack for afterwards.
- **Insect repellent** in July and August, when the midges come out near the Boating Lake.

We meet on the lawn **near the Hub**, by the sports pavilion. Look for the orange flag. Toilets are in the Hub.

If it's raining heavily, we'll post a cancellation by 7:30am.`,
        tags: ['outdoor-yoga', 'beginners'],
        comments: [
          {
            body: "The picnic blanket under the mat tip is genius. My mat was soaked last week.",
            replies: ["Game-changer. I also bring a small towel for my face during savasana on the grass."],
          },
          { body: "The orange flag is very helpful. I wandered around the park for 10 minutes my first time." },
        ],
      },
      {
        kind: 'experience',
        title: 'Sunrise session on Primrose Hill',
        body: `On the summer solstice, 23 of us met at the top of **Primrose Hill** at 4:45am for a sunrise practice. Sunrise was at 4:43, so we were technically late, but the sky was still glowing.

**What we did:**
- A slow, gentle flow facing east, with **108 sun salutations** split among the group (most of us did 20-30).
- A 10-minute seated meditation as the city woke up.
- Tea from flasks and pastries from a bakery on Regent's Park Road.

The view over London, from the BT Tower to the Shard, was incredible. Joggers and dog walkers started appearing halfway through, and one very confused fox watched us from the bushes.

Would do it every year. Maybe with a bit more coffee next time.`,
        tags: ['solstice', 'sunrise'],
        comments: [
          {
            body: "The fox! He was definitely judging our downward dogs.",
            replies: ["Downward fox, surely."],
          },
          { body: "One of the most magical mornings of my year. Thank you for organising." },
          { body: "Already marking my calendar for next year's solstice." },
        ],
      },
      {
        kind: 'question',
        title: 'Yoga for tight hamstrings (desk worker)',
        body: `I work at a desk in the City for 9-10 hours a day and my **hamstrings are incredibly tight**. I can barely touch my knees in a forward fold, and I feel it in my lower back by the end of the week.

I've been coming to the Saturday classes for a month, which helps, but I'd like a **short daily routine** I can do at home.

What poses do you recommend? Any **props** worth buying? And how long until I should notice a difference? Be honest: is this a months or years situation?`,
        tags: ['hamstrings', 'desk-workers', 'beginners'],
        comments: [
          {
            body: "Reclined hamstring stretch with a strap, 2 minutes per leg, every evening. It changed everything for me.",
            replies: ["And bend your knees in forward folds! No shame in it. It protects your back."],
          },
          { body: "Try to stand up and walk around every hour at work. It helps as much as the stretching." },
          { body: "I noticed a difference after about six weeks of daily practice. Stick with it." },
        ],
      },
      {
        kind: 'discussion',
        title: "Donation-based classes: what's fair?",
        body: `Our outdoor classes are **donation-based**: the money goes to the volunteer teachers and covers insurance and park permits. Suggested donation is **£5-£10**, but anyone can come for free.

A few teachers have mentioned that donations have dropped this year while attendance has gone up. Some people may not realise that the teachers are not paid otherwise.

I want to keep the classes open to everyone, especially people who can't afford studio prices (often £20+ a class in London). But I also want our teachers to feel valued.

Ideas:
- A **QR code** for card payments, since many people don't carry cash.
- A short reminder at the end of each class.
- An optional **monthly supporter** scheme.

What do you think?`,
        tags: ['donations', 'community'],
        comments: [
          { body: "A QR code would help so much. I never have cash and always feel awkward about it." },
          {
            body: "I'd happily sign up for a monthly supporter scheme. £20 a month for four classes is still a bargain.",
            replies: ["Same. It's also easier than remembering each week."],
          },
          { body: "Please keep the free option. It's the reason I could start yoga at all." },
        ],
      },
      {
        kind: 'guide',
        title: 'A five-minute breathing practice for the Tube',
        body: `Rush hour on the Central line is not a calm place. Here's a discreet breathing practice you can do standing or sitting, with nobody noticing.

**Box breathing (4-4-4-4)**
1. Breathe in through your nose for **4 counts**.
2. Hold for **4**.
3. Breathe out slowly through your nose for **4**.
4. Hold for **4**.

Repeat for 5 minutes, or about four stations.

**If you're feeling anxious**, try making the out-breath longer than the in-breath: in for 4, out for 6 or 8. This activates the parasympathetic nervous system and helps you calm down.

**Tips**
- Soften your shoulders and unclench your jaw.
- Keep your eyes soft, looking down, or closed if you feel safe.
- Don't worry if you lose count. Just start again.`,
        tags: ['breathing', 'commuting'],
        comments: [
          {
            body: "Used this during a signal failure at Holborn last week. Honestly kept me from losing it.",
            replies: ["Signal failures are the true test of any meditation practice."],
          },
          { body: "The long out-breath trick is great before presentations too." },
        ],
      },
      {
        kind: 'experience',
        title: 'My first silent meditation day',
        body: `I finally signed up for a **day retreat at the London Buddhist Centre** in Bethnal Green after years of saying I would. Six hours of mostly silence, meditation and mindful walking.

**The morning** was hard. My mind was like a browser with 40 tabs open: work, shopping lists, a song from an advert. The teacher said this was completely normal, and to treat thoughts like buses: notice them, but don't get on.

**The lunch** was eaten in silence. I've never tasted a lentil soup so carefully in my life.

**The afternoon** was surprisingly peaceful. During the walking meditation, I noticed the sound of my feet on the wooden floor and the light through the windows in a way I never have before.

I felt incredibly calm on the Central line home. It lasted until Liverpool Street.`,
        tags: ['meditation', 'retreat'],
        comments: [
          {
            body: "Thoughts as buses is a beautiful metaphor. Stealing it.",
            replies: ["In London, the buses come in threes. Much like thoughts."],
          },
          { body: "The LBC is such a calm place in the middle of such a busy area. I love it there." },
          { body: "Lasting until Liverpool Street is honestly a success." },
        ],
      },
      {
        kind: 'question',
        title: "What's the plan when it's 4°C and drizzling?",
        body: `Outdoor season ends in September, and I'm already dreading the dark winter months without our Saturday classes.

Are we doing anything over the winter? I remember someone mentioning **indoor sessions** in a church hall in Camden last year. Is that happening again?

Also, for those who practise at home:
- Do you follow **online classes**, or do your own thing?
- How do you stay motivated when it's dark at 4pm?
- Any recommendations for **yin or restorative** classes in London that aren't £25 each?`,
        tags: ['winter', 'indoor'],
        comments: [
          {
            body: "Yes! Indoor sessions start in October at the church hall near Camden Road station, Saturday mornings at 10.",
            replies: ["Great, thanks. Same donation-based model?"],
          },
          { body: "I do a 20-minute yin practice every evening with a candle. It gets me through winter." },
          { body: "Some community centres do yin classes for around £8. Worth checking your local one." },
        ],
      },
      {
        kind: 'discussion',
        title: 'Yin or vinyasa: what does your body need?',
        body: `At the last class, a few of us got chatting about the difference between **yin and vinyasa**. I think the two styles complement each other well, but many people only do one.

**Vinyasa:** flowing, dynamic, builds heat and strength. Great for energy and cardiovascular health. Can be too fast for beginners.

**Yin:** slow, passive, holding poses for 3-5 minutes. Targets the connective tissue and helps with flexibility. Great for stress and sleep, but can be mentally challenging.

My practice: **vinyasa twice a week, yin on Sunday evenings**. It helps me stay strong and mobile, and the yin sessions are my weekly reset.

What's your mix? Should we add a **yin class** to the outdoor schedule next summer?`,
        tags: ['yin', 'vinyasa'],
        comments: [
          { body: "Yes to outdoor yin! Lying on the grass for five minutes sounds perfect." },
          {
            body: "I find yin harder than vinyasa. Five minutes in pigeon pose is a test of character.",
            replies: ["Pigeon pose is where emotions go to hide."],
          },
        ],
      },
    ],
  },

  // ───────────────────────────── San Francisco · Language exchange ─────────────────────────────
  {
    key: 'sf-tandem-language-exchange',
    name: 'SF Tandem: Mandarin · Spanish · English',
    description: `A friendly language exchange that meets **every other Wednesday at 7pm in a café on Clement Street**. Sit at a Mandarin, Spanish or English table, switch languages every 30 minutes, and help each other out. All levels welcome, from "nǐ hǎo" to native speakers who want to meet people in a new city.`,
    city: 'san-francisco',
    tags: ['languages', 'coffee'],
    visibility: 'public',
    joinPolicy: 'open',
    posts: [
      {
        kind: 'guide',
        title: 'How our tables work (read before your first night)',
        body: `Welcome! Here's how a typical Wednesday evening works.

**Tables**
- There are **three tables**: Mandarin, Spanish and English. Each has a host who keeps the conversation going.
- Sit at the table for the language you want to practise. After **30 minutes**, the bell rings, and you switch languages or tables.

**Golden rules**
1. **Speak only the table's language.** Use gestures, draw pictures, use your phone dictionary if you must.
2. **Be patient.** Everyone is a beginner at something.
3. **Correct gently**, and only if the other person wants to be corrected.

**Good to know**
- No fee, but please **buy a drink** from the café. They give us the back room for free.
- Bring a notebook for new words.
- We often go for **dumplings** on Clement Street afterwards. You're very welcome to join.`,
        tags: ['how-it-works', 'newcomers'],
        comments: [
          {
            body: "The bell is the best part. It keeps things moving and stops anyone dominating the table.",
            replies: ["And it makes the café owner laugh every time."],
          },
          { body: "First time last week. Everyone was so welcoming, even to my terrible Mandarin." },
          { body: "The dumplings afterwards might be my favourite part of the whole evening." },
        ],
      },
      {
        kind: 'experience',
        title: 'Ordering dim sum in Chinatown, almost entirely in Mandarin',
        body: `After eight months of Wednesday tables, I decided to test myself at a **dim sum restaurant on Stockton Street** in Chinatown.

**What went well:**
- I ordered **har gow, siu mai and cheung fun** by pointing at the cart and asking "zhè ge shì shénme?" (What is this?).
- I asked for **tea refills** by leaving the lid on the pot slightly open, a tip from Wei at the Mandarin table.
- The aunty pushing the cart complimented my tones. I nearly cried.

**What went less well:**
- Most of the staff spoke **Cantonese**, not Mandarin. They switched to Mandarin for me, but I felt a bit silly.
- I accidentally ordered chicken feet. They were delicious, to be fair.

Next challenge: ordering in Cantonese. Any Cantonese speakers want to start a table?`,
        tags: ['chinatown', 'mandarin', 'dim-sum'],
        comments: [
          {
            body: "The chicken feet are the best part! You've been initiated.",
            replies: ["I'm a convert. Ordering them on purpose next time."],
          },
          { body: "I'm a Cantonese speaker and would happily host a small table. Let's talk at the next meetup!" },
          { body: "The tea lid trick is so satisfying when it works. Well done!" },
        ],
      },
      {
        kind: 'question',
        title: 'Best app for practising Mandarin tones?',
        body: `My biggest struggle with Mandarin is **tones**. I can hear the difference when someone exaggerates them, but in normal conversation I get second and third tones mixed up all the time.

What apps or methods have worked for you? I'm currently using:
- **Pleco** as a dictionary (love it).
- **Anki** with audio flashcards.

I've heard about apps that show a **pitch graph** of your voice compared with a native speaker. Are they worth it, or is it better to practise with a human? I'm happy to pay a few dollars a month for something that helps.`,
        tags: ['tones', 'apps', 'mandarin'],
        comments: [
          {
            body: "Practise tone pairs, not single syllables. Second plus third tone together is where everyone struggles.",
            replies: ["Tone pairs changed everything for me too. Single syllables never transfer to real speech."],
          },
          { body: "Record yourself reading a short text, then compare with a native recording. Painful but effective." },
          { body: "Come to the Mandarin table early and ask for 10 minutes of tone drills. We're happy to help." },
        ],
      },
      {
        kind: 'discussion',
        title: 'Should we add a Japanese table?',
        body: `Over the past few months, a lot of people have asked about **Japanese**. We've had at least six native Japanese speakers come to the English table, and quite a few people learning Japanese at the Mandarin table (kanji overlap is a great conversation starter).

Options:
1. Add a **fourth table** for Japanese. The café back room might get crowded, but we could try.
2. Run **Japanese on alternate weeks** with Spanish, which has fewer people recently.
3. Start a separate **Japanese night** at a different café in Japantown.

We'd need a volunteer host who speaks Japanese fluently. Any thoughts? And if you're a Japanese speaker, would you come regularly?`,
        tags: ['japanese', 'new-table'],
        comments: [
          { body: "I'm Japanese and would love to host a table! Option 1 please, I like meeting the Mandarin learners too." },
          {
            body: "Please don't cut the Spanish table. It's small but it's my favourite part of the week.",
            replies: ["Agreed, no cutting Spanish. Let's try a fourth table for a month and see."],
          },
          { body: "A separate night in Japantown would be fun too, maybe as a monthly special." },
        ],
      },
      {
        kind: 'guide',
        title: 'Mandarin resources that got me to HSK 4',
        body: `I passed **HSK 4** last month after two years of self-study and Wednesday tables. Here's what actually helped:

**Daily**
- **Anki** with my own sentence cards, about 15 minutes a day.
- **Graded readers** from Mandarin Companion. Start easy; reading for fun is the goal.

**Weekly**
- **Our Wednesday table**, obviously. Speaking practice with patient people is priceless.
- One **online lesson** with a tutor, focused on speaking and correcting my mistakes.

**For listening**
- **Podcasts** for learners at the right level, then Chinese TV dramas with Chinese subtitles.
- Short videos on Douyin and Bilibili about things I'm interested in, like cooking and hiking.

**What didn't help much:** apps with gamified points. I got great at streaks, not Chinese.

Happy to share my Anki decks if anyone wants them.`,
        tags: ['hsk', 'resources', 'mandarin'],
        comments: [
          {
            body: "Congratulations! Yes please to the Anki deck.",
            replies: ["I'll share a link in the group chat tonight."],
          },
          { body: "'Great at streaks, not Chinese' is painfully accurate for me too." },
          { body: "Which TV dramas would you recommend for HSK 4 level?" },
        ],
      },
      {
        kind: 'experience',
        title: 'Spanish table field trip: Día de los Muertos on 24th Street',
        body: `On November 2nd, nine of us from the Spanish table went to the **Día de los Muertos procession in the Mission**, starting at 24th and Bryant.

**Highlights:**
- The **altars** in Garfield Park, covered in marigolds, candles, photos and pan de muerto. Several families explained their altars to us in Spanish, which was a beautiful way to practise.
- **Face painting** on 24th Street. Most of us went for calavera designs.
- Hot **champurrado** from a stand on Harrison, thick and chocolatey.

The procession was moving, quieter and more personal than I expected. Lots of people walked with photos of loved ones.

Afterwards we had pupusas at a small place on 24th Street and practised Spanish until late. **Gracias a todos.**`,
        tags: ['spanish', 'mission', 'culture'],
        comments: [
          {
            body: "That was such a special evening. The family altars were unforgettable.",
            replies: ["I'm still thinking about the grandmother who showed us her husband's photo."],
          },
          { body: "Champurrado on a cold night is perfection." },
        ],
      },
      {
        kind: 'question',
        title: 'How much correcting is too much?',
        body: `A question for native speakers and learners. At the English table last week, I was corrected **after nearly every sentence**. The person meant well, but I lost my confidence and stopped talking.

But when no one corrects me, I worry I'm repeating the same mistakes forever.

What works best for you?
- Correct **every mistake** immediately?
- Only correct mistakes that **change the meaning**?
- Write corrections down and share them at the end?

Maybe we could add a little "correction preference" card at each table? Green for "correct me a lot", yellow for "only big mistakes", red for "just let me talk".`,
        tags: ['corrections', 'etiquette'],
        comments: [
          { body: "Love the card idea. It removes the awkwardness of having to ask." },
          {
            body: "Writing corrections down and sharing at the end is my favourite. It doesn't interrupt the flow.",
            replies: ["Same. And you get a nice list to review at home."],
          },
          { body: "Sorry if it was me! I'll try the yellow card approach from now on." },
        ],
      },
      {
        kind: 'discussion',
        title: 'Welcoming new arrivals from China and Latin America',
        body: `A few members recently moved to SF for **work or study** from Chengdu, Shanghai, Bogotá and Guadalajara. Several said the language exchange was the first place they made friends here.

I'd love us to do more for people who have just arrived:
- A **"first month in SF" guide** in Mandarin and Spanish: Clipper cards, opening a bank account, finding a doctor, cheap groceries on Clement Street and in the Mission.
- A **buddy system**, pairing new arrivals with a member who has been here a while.
- A monthly **weekend outing**: the Golden Gate Bridge, Muir Woods, or a Giants game.

Would anyone help write the guide or be a buddy? It doesn't need to be perfect, just helpful.`,
        tags: ['newcomers', 'community'],
        comments: [
          { body: "I moved from Shanghai last year and would be happy to help write the Mandarin version." },
          {
            body: "A Giants game is the perfect first outing. Garlic fries and shouting, universal languages.",
            replies: ["Garlic fries should be part of the official welcome package."],
          },
          { body: "I'd be a buddy! I remember how lonely the first few months were." },
        ],
      },
    ],
  },
];
